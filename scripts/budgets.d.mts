export declare const BUDGETS: Record<'firstStage' | 'secondStage' | 'debugPanel' | 'treeShaken' | 'everything', number>;
export declare const FILES: Record<string, 'firstStage' | 'secondStage' | 'debugPanel'>;
