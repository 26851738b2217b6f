// The field app (/app/) in AWS: its built files in a private bucket read only by CloudFront (origin access
// control), the API behind the same distribution (/v1/*, /.well-known/*) so the app talks to its own
// origin, and strict security headers on every answer (the same CSP as the local server: webapp/headers.ts).
// Deploying the files: `npm run app:build`, then `aws s3 sync webapp/dist s3://<WebAppBucketName>/app/`.
import { Aws, Duration, Fn } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { Bucket, HttpMethods, type IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { contentSecurityPolicy } from "../../webapp/headers.js";
import { acknowledge } from "./nag.js";
import { PRIVATE_BUCKET } from "./private-bucket.js";

export interface WebAppProps {
  api: HttpApi;
  /** The photo bucket: the app uploads to it (presigned forms) and shows its presigned links; it gets a
   *  CORS rule for the distribution's origin. */
  photos: Bucket;
  accessLogs: IBucket;
}

/** Paths under /app/ without a file extension are the app's own routes: answered with its index.html. */
const SPA_REWRITE = `function handler(event) {
  var r = event.request;
  if (r.uri === "/app" || (r.uri.indexOf("/app/") === 0 && r.uri.split("/").pop().indexOf(".") < 0)) r.uri = "/app/index.html";
  return r;
}`;

export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "Files", { ...PRIVATE_BUCKET, serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: "webapp/" });
    // The region's S3 endpoints rather than the photo bucket's own name: the bucket's CORS rule names the
    // distribution, so the distribution's headers cannot name the bucket (a dependency cycle).
    const storage = `https://*.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.headers = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "Field app: strict CSP, HSTS, nosniff, no referrer, no framing",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy({ connect: [storage], img: [storage] }), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });
    const rewrite = new CloudFrontFunction(this, "AppRoutes", { code: FunctionCode.fromInline(SPA_REWRITE), comment: "field app routes → /app/index.html" });
    const apiDomain = Fn.select(2, Fn.split("/", props.api.apiEndpoint));
    const toApi: BehaviorOptions = {
      origin: new HttpOrigin(apiDomain),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headers,
    };
    this.distribution = new Distribution(this, "Cdn", {
      comment: "outfall ledger field app (/app/) and API",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: { "/v1/*": toApi, "/.well-known/*": toApi, "/health": toApi },
      enableLogging: false,
    });
    props.photos.addCorsRule({ allowedOrigins: [`https://${this.distribution.distributionDomainName}`], allowedMethods: [HttpMethods.POST], allowedHeaders: ["*"], maxAge: 3600 });
    acknowledge(this.distribution, "AwsSolutions-CFR1", "A district's field app: no geo restriction, the API's JWT authorizer decides who gets data");
    acknowledge(this.distribution, "AwsSolutions-CFR2", "No WAF: static files and an API behind a JWT authorizer with throttling (infra/lib/ledger-api.ts)");
    acknowledge(this.distribution, "AwsSolutions-CFR3", "CloudFront standard logs need ACL-enabled buckets; the API keeps its own access log and the bucket its server access log");
    acknowledge(this.distribution, "AwsSolutions-CFR4", "The default *.cloudfront.net certificate; a custom domain with TLSv1.2_2021 is configured at deployment");
  }
}
