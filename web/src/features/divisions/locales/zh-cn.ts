/** Chinese messages of the division browser. Composed with the others in app/messages.ts. */
const zhCN = {
  divisions: {
    nav: '行政区划',
    title: '行政区划',
    subtitle: '本辖区的县（市、区）、乡镇（街道）、村（社区）及其代码，只读；区划由运维人员导入',
    searchPlaceholder: '区划名称或代码开头',
    noMatch: '没有符合条件的区划',
    none: '没有下级区划',
    limited: '只显示前 {{count}} 条，请输入更具体的名称或代码',
    col: { name: '名称', code: '代码', level: '级别', parent: '上级' },
    level: { province: '省', city: '市', county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' },
  },
};

export default zhCN;
