/**
 * The CDK feature flags this app deliberately sets against the recommendation a new CDK
 * app gets (`cdk init` writes aws-cdk-lib's recommended-feature-flags.json into cdk.json).
 * Every other recommended flag is set to its recommended value; the infra tests compare
 * cdk.json with the installed aws-cdk-lib, so a CDK upgrade that brings a new flag fails
 * until someone decides on it here or in cdk.json.
 */
export const FEATURE_FLAG_DEVIATIONS: Readonly<Record<string, { readonly value: unknown; readonly reason: string }>> = {
  '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': {
    value: false,
    reason: 'Functions pin Node.js 22, the runtime the project is tested and benchmarked on; a newer one is adopted deliberately.',
  },
  '@aws-cdk/core:defaultCrossStackReferences': {
    value: 'strong',
    reason:
      'Exports keep CloudFormation from deleting or changing a value another stack still reads (a queue URL, a function ARN); ' +
      'weak references (Fn::GetStackOutput) would let a producing stack go while its consumers still point at it.',
  },
};
