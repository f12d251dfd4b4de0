import { z } from "zod";
import { isoDateSchema, slugSchema, versionSchema } from "./common";

export const ACTION_ITEM_TYPES = ["detective", "preventive", "corrective"] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];
export const ACTION_ITEM_STATUSES = ["open", "in-progress", "done", "wont-do"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

const externalLinkSchema = z
  .string()
  .trim()
  .max(2_000)
  .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), "must be an http(s) URL");

const actionItemFields = {
  key: slugSchema,
  title: z.string().trim().min(1, "must not be empty").max(300),
  owner: z.string().trim().max(120),
  dueDate: isoDateSchema.nullable(),
  type: z.enum(ACTION_ITEM_TYPES),
  status: z.enum(ACTION_ITEM_STATUSES),
  externalLink: externalLinkSchema,
};

export const actionItemCreateSchema = z
  .object({
    ...actionItemFields,
    key: actionItemFields.key.optional(),
    owner: actionItemFields.owner.default(""),
    dueDate: actionItemFields.dueDate.default(null),
    type: actionItemFields.type.default("corrective"),
    status: actionItemFields.status.default("open"),
    externalLink: actionItemFields.externalLink.default(""),
  })
  .strict();
export type ActionItemCreate = z.infer<typeof actionItemCreateSchema>;

export const actionItemUpdateSchema = z
  .object(actionItemFields)
  .omit({ key: true })
  .partial()
  .extend({ version: versionSchema })
  .strict();
export type ActionItemUpdate = z.infer<typeof actionItemUpdateSchema>;

export interface ActionItem {
  id: string;
  key: string;
  title: string;
  owner: string;
  dueDate: string | null;
  type: ActionItemType;
  status: ActionItemStatus;
  externalLink: string;
  position: number;
  version: number;
}
