import type { ReactNode } from 'react';

/** The title row every screen starts with: title, a line of context, and the screen's main actions. */
export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; breadcrumb?: ReactNode }) {
  return (
    <>
      {props.breadcrumb && <div className="page-breadcrumb">{props.breadcrumb}</div>}
      <div className="page-header">
        <div>
          <h1 className="page-title">{props.title}</h1>
          {props.subtitle && <div className="page-subtitle">{props.subtitle}</div>}
        </div>
        {props.extra && <div className="no-print">{props.extra}</div>}
      </div>
    </>
  );
}
