/** 懿路村民委员会 → 懿路村, 银州社区居民委员会 → 银州社区: the name a village goes by (how files write it). */
export function shortVillageName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/(村民委员会|村委会)$/, '村')
    .replace(/(社区居民委员会|社区居委会)$/, '社区')
    .replace(/(居民委员会|居委会)$/, '社区');
}
