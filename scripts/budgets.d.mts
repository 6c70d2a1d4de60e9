type Budget = 'firstStage' | 'secondStage' | 'debugPanel' | 'secondStageWithSources' | 'sourceGa4' | 'sourceShopify' | 'sourceShopline' | 'sourceAdobe';
export declare const BUDGETS: Record<Budget | 'treeShaken' | 'everything', number>;
export declare const FILES: Record<string, Budget>;
export declare const EVERY_FILE: string[];
