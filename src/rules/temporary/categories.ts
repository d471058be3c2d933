/** The temporary-aid categories and their parameters' names, for the rules and the temporary-aid commands (ADR 0038). */
export * from '../../kernel/temporary-category.ts';
export * from '../../policy/temporary-parameters.ts';
