export declare const BUDGETS: Record<'firstStage' | 'secondStage' | 'debugPanel' | 'treeShaken' | 'everything' | ConsentBudget, number>;
export declare const FILES: Record<string, 'firstStage' | 'secondStage' | 'debugPanel' | ConsentBudget>;
/** The consent signals' files (`data-consent-from`). */
type ConsentBudget = 'consentResolver' | 'consentGcm' | 'consentTcf' | 'consentGpc' | 'consentShopify';
