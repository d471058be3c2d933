import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiRequestError, onApiError } from '../lib/api-client.ts';
import { SESSION_KEY } from '../lib/auth.tsx';
import { currentLanguage } from '../lib/i18n.ts';
import { theme } from './theme.ts';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache(),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; only network trouble and 5xx are retried.
        retry: (count, e) => count < 2 && (!isApiRequestError(e) || e.status === 0 || e.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  // The pickers' month names and first weekday follow the interface's language, not the browser's.
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');

  // AUTH_REQUIRED outside the session check means the session ended on the server: forget it, and the route
  // guard sends the user to the login page. AUTH_STEP_REQUIRED: the session is at a login step (second factor,
  // a forced password change): ask the server where. Other 401s (a wrong password or code) concern a form only.
  useEffect(
    () =>
      onApiError((e) => {
        if (e.code === 'AUTH_REQUIRED') queryClient.setQueryData(SESSION_KEY, null);
        else if (e.code === 'AUTH_STEP_REQUIRED') void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      }),
    [queryClient],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
        <AntdApp>{children}</AntdApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
