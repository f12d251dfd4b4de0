import { INLINE_IMAGE_TYPES, attachmentLimitBytes, type Attachment } from "@/lib/domain/attachment";
import type { TimelineEntry } from "@/lib/domain/entry";
import { formatBytes } from "@/lib/view/format";
import { DeleteAttachmentButton } from "./DeleteAttachmentButton";
import { UploadAttachmentForm } from "./UploadAttachmentForm";

const isInlineImage = (attachment: Attachment) => (INLINE_IMAGE_TYPES as readonly string[]).includes(attachment.mediaType);

interface AttachmentListProps {
  slug: string;
  attachments: Attachment[];
  entries: TimelineEntry[];
  /** Where a link to an entry goes (its anchor, or the full timeline when the entry is not shown). */
  entryHref: (key: string) => string;
  /** Changes with every write to the incident: the upload form's entry choices are fetched again. */
  stamp: string;
}

/** Attachments: images inline (served by the API with nosniff), everything else as a download. */
export function AttachmentList({ slug, attachments, entries, entryHref, stamp }: AttachmentListProps) {
  const titles = new Map(entries.map((entry) => [entry.key, entry.title]));
  return (
    <>
      {attachments.length === 0 ? (
        <p className="muted">No attachments yet.</p>
      ) : (
        <ul className="attachment-grid" data-testid="attachments">
          {attachments.map((attachment) => {
            const url = `/api/v1/incidents/${slug}/attachments/${attachment.id}`;
            return (
              <li key={attachment.id} id={`attachment-${attachment.id}`} className="attachment" data-testid="attachment">
                {isInlineImage(attachment) ? (
                  <a href={url} target="_blank" rel="noopener noreferrer">
                    <img src={url} alt={attachment.caption || attachment.filename} loading="lazy" />
                  </a>
                ) : (
                  <a href={url} className="attachment-file" download={attachment.filename}>
                    📄 {attachment.filename}
                  </a>
                )}
                <div className="attachment-meta">
                  {attachment.caption && <div>{attachment.caption}</div>}
                  <div className="muted small">
                    {attachment.filename} · {formatBytes(attachment.size)}
                    {attachment.entryKey && (
                      <>
                        {" "}
                        · on <a href={entryHref(attachment.entryKey)}>{titles.get(attachment.entryKey) ?? attachment.entryKey}</a>
                      </>
                    )}
                  </div>
                  <DeleteAttachmentButton slug={slug} id={attachment.id} filename={attachment.filename} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <UploadAttachmentForm slug={slug} stamp={stamp} limitMb={Math.round(attachmentLimitBytes() / 1024 / 1024)} />
    </>
  );
}
