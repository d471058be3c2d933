/**
 * What every notice to a family says about its rights and who answers complaints (ADR 0030).
 *
 * 行政复议 within 60 days of learning of the decision: 《中华人民共和国行政复议法》第九条第一款 (2017 text), 第二十条第一款
 * from 2024-01-01 (2023 revision); for a county department or a township government the county (市、区) people's
 * government hears it (2023 text 第二十四条). 行政诉讼 within 6 months of knowing of the decision: 《中华人民共和国行政诉讼法》
 * 第四十六条第一款.
 */
export function remedy(county: string, day: string): string {
  const review = day >= '2024-01-01' ? '《中华人民共和国行政复议法》第二十条第一款' : '《中华人民共和国行政复议法》第九条第一款';
  return (
    `如对本决定不服，可以自收到本通知书之日起六十日内向${county}人民政府申请行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼` +
    `（${review}、《中华人民共和国行政诉讼法》第四十六条第一款）。`
  );
}

/** 监督投诉电话 on every notice: the county's dated parameter `documents.complaintPhone`. */
export function complaintLine(phone: string): string {
  return `监督投诉电话：${phone || '请向所在乡镇（街道）咨询'}`;
}
