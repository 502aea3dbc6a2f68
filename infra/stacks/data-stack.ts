/**
 * Stateful resources, apart from everything that can be redeployed freely: the
 * manifest's DynamoDB tables and the JWT signing-key secret. Their logical ids are
 * pinned by the infra tests: changing one would replace a table and lose its data.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type GsiSpec, gsiProjection, type Manifest } from '../../manifest/manifest';
import { acknowledge } from '../nag';
import type { StageSettings } from '../stage';

export interface DataStackProps extends StackProps {
  readonly manifest: Manifest;
  /** Removal and deletion protection of the tables and the key. */
  readonly stage: StageSettings;
}

function projectionOf(gsi: GsiSpec): Pick<dynamodb.GlobalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  const { type, nonKeyAttributes } = gsiProjection(gsi);
  return { projectionType: dynamodb.ProjectionType[type], ...(nonKeyAttributes.length ? { nonKeyAttributes: [...nonKeyAttributes] } : {}) };
}

/** Logical id of a manifest table: `Table` + PascalCase name (never change it). */
export const tableLogicalId = (name: string): string => `Table${name.charAt(0).toUpperCase()}${name.slice(1)}`;

export class DataStack extends Stack {
  readonly tables: Record<string, dynamodb.Table> = {};
  readonly signingKey: secretsmanager.Secret;
  /** The payment provider's deposit-webhook HMAC secret: generated here, shared with the provider. */
  readonly webhookSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    for (const spec of props.manifest.tables) {
      const table = new dynamodb.Table(this, tableLogicalId(spec.name), {
        partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        removalPolicy: props.stage.statefulRemoval,
        // Only where the stage asks for it: a dev deploy leaves the tables' template as it was.
        ...(props.stage.deletionProtection ? { deletionProtection: true } : {}),
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
      });
      for (const gsi of spec.gsis) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.name,
          partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
          ...projectionOf(gsi),
        });
      }
      this.tables[spec.name] = table;
    }
    this.signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      description: 'HS256 key that signs Evenly access tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.stage.statefulRemoval,
    });
    acknowledge(this.signingKey, 'AwsSolutions-SMG4');
    this.webhookSecret = new secretsmanager.Secret(this, 'DepositWebhookSecret', {
      description: 'HMAC-SHA256 secret the payment provider signs Evenly deposit webhooks with',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.stage.statefulRemoval,
    });
    // Rotated by hand together with the provider, which must learn the new value.
    acknowledge(this.webhookSecret, 'AwsSolutions-SMG4');
  }
}
