/** CloudFormation logical ids from manifest names: `apply-account-steps` → `ApplyAccountSteps`. */
export const pascal = (name: string): string => name.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
