// CDK entry point (cdk.json: "app": "npx tsx infra/app.ts"). Settings come from context:
//   npm run synth -- --context stage=prod --context region=cn-north-1 …   (see infra/README.md)
import { createApp } from "./lib/create-app.js";

createApp().app.synth();
