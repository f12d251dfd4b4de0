"use client";

import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

/** Detaches a lesson from this incident (a lesson no incident uses any more is deleted by the API). */
export function RemoveLessonButton({ slug, lessonSlug, title }: { slug: string; lessonSlug: string; title: string }) {
  const { pending, error, run } = useApiAction();
  return (
    <>
      <button
        type="button"
        className="button small subtle danger-text no-print"
        disabled={pending}
        data-testid="lesson-remove"
        onClick={() => {
          if (window.confirm(`Remove the lesson “${title}” from this incident?`)) void run(() => callApi("DELETE", `/api/v1/incidents/${slug}/lessons/${lessonSlug}`));
        }}
      >
        Remove
      </button>
      <FormError error={error} />
    </>
  );
}
