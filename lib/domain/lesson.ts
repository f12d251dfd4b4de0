import { z } from "zod";
import { labelListSchema, markdownSchema, slugSchema, versionSchema } from "./common";

const lessonFields = {
  slug: slugSchema,
  title: z.string().trim().min(1, "must not be empty").max(300),
  body: markdownSchema,
  tags: labelListSchema,
};

export const lessonCreateSchema = z
  .object({
    ...lessonFields,
    slug: lessonFields.slug.optional(),
    body: lessonFields.body.default(""),
    tags: lessonFields.tags.default([]),
  })
  .strict();
export type LessonCreate = z.infer<typeof lessonCreateSchema>;

export const lessonUpdateSchema = z
  .object(lessonFields)
  .omit({ slug: true })
  .partial()
  .extend({ version: versionSchema })
  .strict();
export type LessonUpdate = z.infer<typeof lessonUpdateSchema>;

export interface Lesson {
  id: string;
  slug: string;
  title: string;
  body: string;
  tags: string[];
  version: number;
}
