/**
 * Entry point of the example (cdk8s.yaml `app`): `cdk8s synth` runs it with CDK8S_OUTDIR set, then runs the
 * kubeharden validation plugin on the manifests it wrote.
 */
import { buildApp } from './app';

buildApp().synth();
