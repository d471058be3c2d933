import type { BilingualMessage } from '../../kernel/errors.ts';
import type { SituationIssue } from '../../rules/situation.ts';

/** The situation's fields as a caseworker reads them on the calculator form. */
const FIELD_WORDS: Record<string, BilingualMessage> = {
  program: { zh: '救助类别', en: 'programme' },
  month: { zh: '计算月份', en: 'month' },
  county: { zh: '县（市）区', en: 'county' },
  unit: { zh: '保障方式', en: 'unit' },
  applicant: { zh: '被评估成员', en: 'member assessed' },
  'household.hukou': { zh: '户籍类型', en: 'hukou' },
  'household.members': { zh: '家庭成员', en: 'members' },
  id: { zh: '身份证号', en: 'ID number' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  sex: { zh: '性别', en: 'sex' },
  relation: { zh: '与户主关系', en: 'relation' },
  disability: { zh: '残疾情况', en: 'disability' },
  'disability.kind': { zh: '残疾类别', en: 'disability kind' },
  'disability.grade': { zh: '残疾等级', en: 'disability grade' },
  laborCapacity: { zh: '劳动能力', en: 'labour capacity' },
  selfCareFailed: { zh: '生活自理能力评估（不能自理的项数）', en: 'self-care assessment (items failed)' },
  supporter: { zh: '法定赡养、抚养、扶养义务人情况', en: 'legal supporter' },
  status: { zh: '人员状态', en: 'status' },
  annual: { zh: '年收入金额', en: 'annual amount' },
  kind: { zh: '收入种类', en: 'kind' },
  member: { zh: '收入所属成员', en: 'member' },
  'heating.mode': { zh: '取暖方式', en: 'heating mode' },
  'heating.area': { zh: '供暖面积', en: 'heated area' },
  'temporary.type': { zh: '临时救助类型', en: 'temporary aid type' },
  'temporary.need': { zh: '救助需求金额', en: 'need' },
  'temporary.category': { zh: '临时救助类别', en: 'temporary aid category' },
};

const CJK = /[\u3400-\u9fff\uff08（]/;

/** A rule's issue message is "english 中文": the two halves, each alone (the whole when it has only one language). */
function halves(message: string): BilingualMessage {
  const i = message.search(CJK);
  if (i <= 0) return { zh: message, en: message };
  return { zh: message.slice(i).trim(), en: message.slice(0, i).trim() };
}

/**
 * Where an issue lies and what is wrong, in words: `household.members.0.supporter` → 第 1 位成员的「法定赡养、抚养、扶养义务人
 * 情况」. Never the path itself in the Chinese text (the path stays the error's `field`, for the form).
 */
export function situationIssueWords(issue: SituationIssue): BilingualMessage {
  const msg = halves(issue.message);
  const member = /^household\.members\.(\d+)\.(.+)$/.exec(issue.path);
  const income = /^household\.incomes\.(\d+)\.(.+)$/.exec(issue.path);
  let where: BilingualMessage;
  if (member) {
    const f = FIELD_WORDS[member[2]] ?? { zh: member[2], en: member[2] };
    where = { zh: `第 ${Number(member[1]) + 1} 位成员的「${f.zh}」`, en: `member ${Number(member[1]) + 1}: ${f.en}` };
  } else if (income) {
    const f = FIELD_WORDS[income[2]] ?? { zh: income[2], en: income[2] };
    where = { zh: `第 ${Number(income[1]) + 1} 项收入的「${f.zh}」`, en: `income ${Number(income[1]) + 1}: ${f.en}` };
  } else {
    const f = FIELD_WORDS[issue.path] ?? { zh: issue.path, en: issue.path };
    where = { zh: `「${f.zh}」`, en: f.en };
  }
  return { zh: `${where.zh}：${msg.zh}`, en: `${where.en}: ${msg.en}` };
}
