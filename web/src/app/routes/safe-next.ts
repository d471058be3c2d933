/** Only same-site paths are followed after login, so a crafted `?next=` cannot send the user elsewhere; otherwise `/`, the role's landing page. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
