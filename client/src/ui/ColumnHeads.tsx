import type { ReactNode } from 'react';

/** A table's header row: one column header per entry, in order. */
export function ColumnHeads({ columns }: { columns: readonly ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => (
          <th scope="col" key={typeof column === 'string' ? column : i}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The header of a column of buttons: named for screen readers, blank on screen. */
export const ACTION_COLUMN = <span className="visually-hidden">Action</span>;
