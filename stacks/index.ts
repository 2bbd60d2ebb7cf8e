/** Pulumi entry point (package.json "main"): runs the program and exports its outputs. */
import { defineStack } from "./program";

const outputs = defineStack();

export const environment = outputs.environment;
export const apps = outputs.apps;
export const clusterName = outputs.clusterName;
export const clusterEndpoint = outputs.clusterEndpoint;
export const oidcIssuer = outputs.oidcIssuer;
export const kubeconfig = outputs.kubeconfig;
export const registry = outputs.registry;
export const artifacts = outputs.artifacts;
