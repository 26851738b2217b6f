// The field app in AWS: a private bucket read by CloudFront alone (origin access control, no public
// access, no website hosting), the API behind the same distribution, and the strict response headers.
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Synthesized, cleanUp, logicalId, synth } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  // cdk-nag runs in every synth: a finding would throw here.
  s = synth();
});
afterAll(cleanUp);

describe("the field app's hosting", () => {
  it("keeps the app bucket private, readable only by the distribution through origin access control", () => {
    // Prepare
    const bucketId = logicalId(s.stack, s.stack.webApp!.bucket.node.defaultChild);
    const bucket = s.json.Resources[bucketId]!;
    const policies = Object.values(s.json.Resources).filter((r) => r.Type === "AWS::S3::BucketPolicy" && r.Properties.Bucket.Ref === bucketId);
    const reads = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Effect === "Allow");
    // Act
    const oac = s.template.findResources("AWS::CloudFront::OriginAccessControl");
    // Assess
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    expect(Object.values(oac).map((o: any) => o.Properties.OriginAccessControlConfig.SigningBehavior)).toEqual(["always"]);
    expect(reads).toHaveLength(1);
    expect(reads[0].Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(reads[0].Action).toBe("s3:GetObject");
    expect(reads[0].Condition.StringEquals["AWS:SourceArn"]).toBeDefined();
    s.template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: "" } })]),
      }),
    });
  });

  it("answers with a strict CSP, HSTS, nosniff, no referrer and no framing, and serves the API on the same origin", () => {
    // Act
    const policies = Object.values(s.template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    const headers = (policies[0] as any).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    const config = (Object.values(s.template.findResources("AWS::CloudFront::Distribution"))[0] as any).Properties.DistributionConfig;
    // Assess
    expect(policies).toHaveLength(1);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("connect-src 'self' https://*.s3.");
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: "no-referrer", Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern).sort()).toEqual(["/.well-known/*", "/health", "/v1/*"]);
    expect(config.CacheBehaviors.every((b: any) => b.ResponseHeadersPolicyId && b.ViewerProtocolPolicy === "https-only")).toBe(true);
  });
});
