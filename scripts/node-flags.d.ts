export declare const EMBEDDED_DATABASE_FLAGS: string[];
export declare function nodeFlagsFor(command: string | undefined, env: Record<string, string | undefined>): string[];
