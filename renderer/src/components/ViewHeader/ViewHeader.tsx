import type { ReactNode } from 'react';
import './ViewHeader.css';

interface ViewHeaderProps {
  title: string;
  description?: string;
  actions?: ReactNode;
}

export function ViewHeader({ title, description, actions }: ViewHeaderProps) {
  return (
    <header className="view-header">
      <div className="view-header__text">
        <h1 className="view-header__title">{title}</h1>
        {description ? <p className="view-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="view-header__actions">{actions}</div> : null}
    </header>
  );
}
