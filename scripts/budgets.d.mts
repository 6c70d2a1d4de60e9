/** The consent signals' files (`data-consent-from`). */
type ConsentBudget = 'consentResolver' | 'consentGcm' | 'consentTcf' | 'consentGpc' | 'consentShopify';
type Budget =
  | 'firstStage'
  | 'secondStage'
  | 'debugPanel'
  | 'secondStageWithSources'
  | 'sourceGa4'
  | 'sourceShopify'
  | 'sourceShopline'
  | 'sourceAdobe'
  | ConsentBudget;
export declare const BUDGETS: Record<Budget | 'treeShaken' | 'everything', number>;
export declare const FILES: Record<string, Budget>;
export declare const EVERY_FILE: string[];
