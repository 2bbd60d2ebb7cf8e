/** The ECR lifecycle policy document: expire untagged images after D days, keep the last N tagged. */

export interface LifecycleSettings {
  keepTaggedImages: number;
  untaggedExpiryDays: number;
}

export function lifecyclePolicy(settings: LifecycleSettings): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${settings.untaggedExpiryDays} days after push`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: settings.untaggedExpiryDays,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${settings.keepTaggedImages} tagged images`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["*"],
          countType: "imageCountMoreThan",
          countNumber: settings.keepTaggedImages,
        },
        action: { type: "expire" },
      },
    ],
  });
}
