/**
 * Two versions side by side, field by field: a changed field is marked, and within it the words only in the older
 * version are struck through in red (`<del>`), the words only in the newer one underlined in green (`<ins>`).
 */
import { Badge, Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { actionLabel, type Comparison, type FieldComparison } from './api';
import { formatAuthor, formatWhen } from './format';

const textStyle = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** A field's text on one side, with that side's differences marked. */
function Side({ field, side }: { field: FieldComparison; side: 'left' | 'right' }) {
  const text = field[side];
  if (!field.changed || field.parts.length === 0) {
    return text === '' ? <Typography textColor="neutral500">(empty)</Typography> : <Typography style={textStyle}>{text}</Typography>;
  }
  return (
    <Typography style={textStyle}>
      {field.parts.map((part, index) => {
        if (part.removed)
          return side === 'left' ? (
            <Box key={index} tag="del" background="danger100" color="danger700" style={{ textDecoration: 'line-through' }}>
              {part.value}
            </Box>
          ) : null;
        if (part.added)
          return side === 'right' ? (
            <Box key={index} tag="ins" background="success100" color="success700" style={{ textDecoration: 'underline' }}>
              {part.value}
            </Box>
          ) : null;
        return <span key={index}>{part.value}</span>;
      })}
    </Typography>
  );
}

function VersionHeading({ label, version }: { label: string; version: Comparison['left'] }) {
  return (
    <Flex direction="column" alignItems="flex-start">
      <Typography variant="sigma">{label}</Typography>
      <Typography fontWeight="bold">
        {actionLabel(version.action)} · {formatWhen(version.createdAt)}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {formatAuthor(version.author)}
      </Typography>
    </Flex>
  );
}

export function ComparisonTable({ comparison }: { comparison: Comparison }) {
  const changed = comparison.fields.filter((field) => field.changed).length;
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="delta" tag="h2">
        Comparison: {changed === 0 ? 'no field changed' : `${changed} field${changed === 1 ? '' : 's'} changed`}
      </Typography>
      <Table colCount={3} rowCount={comparison.fields.length + 1} aria-label="Comparison of two versions">
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">Field</Typography>
            </Th>
            <Th>
              <VersionHeading label={`Older: version #${comparison.left.id}`} version={comparison.left} />
            </Th>
            <Th>
              <VersionHeading label={`Newer: version #${comparison.right.id}`} version={comparison.right} />
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {comparison.fields.map((field) => (
            <Tr
              key={field.field}
              data-field={field.field}
              data-changed={field.changed}
              style={field.changed ? { background: 'rgba(255, 196, 0, 0.08)' } : undefined}
            >
              <Td style={{ verticalAlign: 'top' }}>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography fontWeight="bold">{field.field}</Typography>
                  {field.changed ? <Badge variant="warning">Changed</Badge> : <VisuallyHidden>Unchanged</VisuallyHidden>}
                </Flex>
              </Td>
              <Td style={{ verticalAlign: 'top', whiteSpace: 'normal' }}>
                <Side field={field} side="left" />
              </Td>
              <Td style={{ verticalAlign: 'top', whiteSpace: 'normal' }}>
                <Side field={field} side="right" />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Flex>
  );
}
