/** Pulumi entry point (package.json "main"): runs the program and exports its outputs. */
import { defineStack } from "./program";

const outputs = defineStack();

export const environment = outputs.environment;
export const platform = outputs.platform;
export const apps = outputs.apps;
