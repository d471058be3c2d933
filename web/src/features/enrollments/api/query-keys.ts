/** Cache keys of enrollments and reviews: one prefix, so any change can refresh everything shown about them. */
export const enrollmentKeys = {
  all: ['enrollments'] as const,
  household: (county: string, id: string) => ['enrollments', 'household', county, id] as const,
  review: (county: string, id: string) => ['enrollments', 'review', county, id] as const,
  /** The lists of the reviews and follow-ups page (复核与跟进), per area filter. */
  overdue: (area: string | undefined, dueWithin?: number) => ['enrollments', 'overdue', area ?? '', dueWithin ?? -1] as const,
  openReviews: (area: string | undefined) => ['enrollments', 'open-reviews', area ?? ''] as const,
  followUps: (state: 'open' | 'done' | undefined, area: string | undefined) => ['enrollments', 'follow-ups', state ?? 'all', area ?? ''] as const,
};

const enc = encodeURIComponent;
export const enrollmentPath = (county: string, id: string) => `/api/enrollments/${enc(county)}/${enc(id)}`;
export const reviewPath = (county: string, id: string) => `/api/reviews/${enc(county)}/${enc(id)}`;
export const followUpPath = (county: string, id: string) => `/api/follow-up-tasks/${enc(county)}/${enc(id)}`;
