// The ledger's state: the single DynamoDB table (key design in functions/src/adapters/dynamodb/table.ts,
// KEY-DESIGN.md) and the private photo bucket with its access-log bucket.
//
// Their CloudFormation logical ids are pinned to the ids they had when the stack created them at its
// top level: a construct path sets the logical id, and a changed id would make CloudFormation create a new
// (empty) table or bucket and orphan the old one. test/infra/stack.test.ts asserts the pins.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, type CfnTable, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Bucket, type CfnBucket, HttpMethods, StorageClass } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { TABLE_KEYS } from "../../functions/src/adapters/dynamodb/table.js";
import { PRIVATE_BUCKET } from "./private-bucket.js";

/** Logical ids of the stateful resources; never change them once deployed. */
/** Where Apps Script serves add-on sidebars (HtmlService), the origin of the record card's uploads. */
export const ADDON_SIDEBAR_ORIGIN = "https://*.googleusercontent.com";

export const STORAGE_LOGICAL_IDS = {
  table: "TableCD117FA1",
  photos: "PhotosB9552D0D",
  accessLogs: "AccessLogs8B620ECA",
} as const;

export interface LedgerStorageProps {
  prod: boolean;
}

export class LedgerStorage extends Construct {
  readonly table: Table;
  readonly photos: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: LedgerStorageProps) {
    super(scope, id);
    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Idempotency entries expire after a day (KEY-DESIGN.md).
      timeToLiveAttribute: TABLE_KEYS.timeToLiveAttribute,
    });
    for (const index of TABLE_KEYS.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // GSI3 carries only the compact progress summaries (see KEY-DESIGN.md); the others whole items.
        ...(index.projection ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: index.projection } : { projectionType: ProjectionType.ALL }),
      });
    }
    (this.table.node.defaultChild as CfnTable).overrideLogicalId(STORAGE_LOGICAL_IDS.table);

    // SSE-S3 for both buckets, not KMS: S3 server access logging can only deliver to an SSE-S3 bucket;
    // for photos, SSE-KMS would add a KMS request to every presigned upload and download (cost, and
    // kms:GenerateDataKey/Decrypt grants on every presigning role) while protecting against nothing
    // our threat model needs beyond what private, TLS-only, IAM-scoped access already gives.
    this.accessLogs = new Bucket(this, "AccessLogs", {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(props.prod ? 400 : 90) }],
    });
    (this.accessLogs.node.defaultChild as CfnBucket).overrideLogicalId(STORAGE_LOGICAL_IDS.accessLogs);
    // (cdk-nag's S1 accepts a bucket that is itself the access-log destination of another bucket.)

    this.photos = new Bucket(this, "Photos", {
      ...PRIVATE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "photos/",
      // The add-on's record card posts photos from its sidebar (served from *.googleusercontent.com)
      // straight to the presigned form: the browser needs CORS for that POST. Downloads are plain links.
      cors: [{ allowedOrigins: [ADDON_SIDEBAR_ORIGIN], allowedMethods: [HttpMethods.POST], allowedHeaders: ["*"], maxAge: 3600 }],
      lifecycleRules: [
        {
          // Photos are evidence: an overwritten or deleted photo stays as a noncurrent version, moved to
          // cheaper storage after 30 days and kept ten years before it may expire.
          id: "keep-noncurrent-evidence",
          noncurrentVersionTransitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          noncurrentVersionExpiration: Duration.days(3650),
        },
        { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Exports too large for an API answer are left under exports/ for a 15-minute link
        // (functions/src/app/exports.ts); they are copies of the ledger, not evidence, and go after a day.
        { id: "expire-exports", prefix: "exports/", expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
    (this.photos.node.defaultChild as CfnBucket).overrideLogicalId(STORAGE_LOGICAL_IDS.photos);
  }
}
