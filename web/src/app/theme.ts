import type { ThemeConfig } from 'antd';

/** A restrained government palette: one deep blue, neutral greys, Chinese UI fonts first. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1a5fb4',
    colorInfo: '#1a5fb4',
    colorSuccess: '#2f8a4c',
    colorWarning: '#c77c02',
    colorError: '#c4302b',
    borderRadius: 6,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: '#f3f5f8',
  },
  components: {
    Layout: { headerBg: '#0f3d7a', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
    Menu: { itemBorderRadius: 4, itemSelectedBg: '#e8f0fb', itemSelectedColor: '#1a5fb4' },
    Table: { headerBg: '#f5f7fa', headerColor: '#3a4250' },
    Card: { headerFontSize: 15 },
  },
};
