export declare const BUDGETS: { script: number; debugPanel: number; treeShaken: number };
