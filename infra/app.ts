/** CDK entry point (`cdk synth`, `cdk deploy`): no credentials or lookups needed to synthesize. */
import { buildApp } from './build-app';

buildApp().app.synth();
