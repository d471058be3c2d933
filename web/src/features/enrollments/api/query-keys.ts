/** Cache keys of enrollments and reviews: one prefix, so any change can refresh everything shown about them. */
export const enrollmentKeys = {
  all: ['enrollments'] as const,
  household: (county: string, id: string) => ['enrollments', 'household', county, id] as const,
  review: (county: string, id: string) => ['enrollments', 'review', county, id] as const,
};

const enc = encodeURIComponent;
export const enrollmentPath = (county: string, id: string) => `/api/enrollments/${enc(county)}/${enc(id)}`;
export const reviewPath = (county: string, id: string) => `/api/reviews/${enc(county)}/${enc(id)}`;
