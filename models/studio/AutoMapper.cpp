#include "AutoMapper.h"

#include "MappingDocument.h"
#include "NameMatcher.h"
#include "commands/MapColumnCommand.h"

#include <QCoreApplication>
#include <QSet>
#include <QUndoStack>
#include <algorithm>

namespace Ebb {

namespace {

struct Name
{
    QString text;
    QString lower;
    QString normalized;
    QString canonical;

    explicit Name(const QString& name)
        : text(name)
        , lower(name.toLower())
        , normalized(NameMatcher::normalized(name))
        , canonical(NameMatcher::canonical(normalized))
    {
    }
};

AutoMapper::Proposal match(const Name& column, const Name& field)
{
    if (column.text == field.text)
        return {column.text, field.text, 100, QStringLiteral("same name")};
    if (column.lower == field.lower)
        return {column.text, field.text, 95, QStringLiteral("same name but for case")};
    if (!column.normalized.isEmpty() && column.normalized == field.normalized)
        return {column.text, field.text, 90, QStringLiteral("same name but for case and separators")};
    if (!column.canonical.isEmpty() && column.canonical == field.canonical)
        return {column.text, field.text, 80, QStringLiteral("synonym: %1 means %2").arg(column.text, field.text)};
    const double similar
        = NameMatcher::similarity(column.normalized, field.normalized, AutoMapper::similarityThreshold);
    if (similar >= AutoMapper::similarityThreshold) {
        // 60 at the threshold up to 79 just short of identical: always below a synonym.
        const int score
            = 60 + int(19.0 * (similar - AutoMapper::similarityThreshold) / (1.0 - AutoMapper::similarityThreshold));
        return {column.text, field.text, score, QStringLiteral("similar names (%1% alike)").arg(qRound(similar * 100))};
    }
    return {};
}

} // namespace

QList<AutoMapper::Proposal> AutoMapper::propose(
    const QList<Column>& columns, const DestinationSchema& schema, const QList<FieldMapping>& mappings)
{
    QSet<QString> mapped;
    for (const FieldMapping& m : mappings)
        mapped.insert(m.target);
    QList<Name> fields;
    QList<int> fieldOrder;
    for (int i = 0; i < schema.fields.size(); ++i) {
        const FieldSchema& f = schema.fields[i];
        if (!f.readOnly && !mapped.contains(f.name)) {
            fields << Name(f.name);
            fieldOrder << i;
        }
    }
    struct Candidate
    {
        Proposal proposal;
        int column;
        int field;
    };
    std::vector<Candidate> candidates;
    for (int c = 0; c < columns.size(); ++c) {
        const Name column(columns[c].name);
        for (int f = 0; f < fields.size(); ++f) {
            Proposal p = match(column, fields[f]);
            if (p.score > 0)
                candidates.push_back({std::move(p), c, f});
        }
    }
    // Best first; ties in the query's column order, then the schema's: stable and predictable.
    std::stable_sort(candidates.begin(), candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.proposal.score > b.proposal.score; });
    QSet<int> takenColumns, takenFields;
    QList<Candidate> chosen;
    for (const Candidate& candidate : candidates) {
        if (takenColumns.contains(candidate.column) || takenFields.contains(candidate.field))
            continue;
        takenColumns.insert(candidate.column);
        takenFields.insert(candidate.field);
        chosen << candidate;
    }
    // Shown in the query's column order, as the source pane lists them.
    std::sort(chosen.begin(), chosen.end(), [](const Candidate& a, const Candidate& b) { return a.column < b.column; });
    QList<Proposal> proposals;
    for (const Candidate& candidate : std::as_const(chosen))
        proposals << candidate.proposal;
    return proposals;
}

QList<AutoMapper::Proposal> AutoMapper::propose(const MappingDocument& document)
{
    return propose(document.columns(), document.schema(), document.sync().mappings);
}

void AutoMapper::apply(QUndoStack* undoStack, MappingDocument* document, const QList<Proposal>& proposals)
{
    if (proposals.isEmpty())
        return;
    // One command with a child a field: undo and redo run the children inside one batch of the
    // document, so 300 fields cost one re-evaluation of the panes, not 300.
    class AutoMapCommand : public QUndoCommand
    {
    public:
        AutoMapCommand(MappingDocument* document, const QString& text)
            : QUndoCommand(text)
            , m_document(document)
        {
        }
        void redo() override
        {
            m_document->beginBatch();
            QUndoCommand::redo();
            m_document->endBatch();
        }
        void undo() override
        {
            m_document->beginBatch();
            QUndoCommand::undo();
            m_document->endBatch();
        }

    private:
        MappingDocument* m_document;
    };
    auto* command = new AutoMapCommand(document,
        proposals.size() == 1 ? QCoreApplication::translate("AutoMapper", "Auto-map 1 field")
                              : QCoreApplication::translate("AutoMapper", "Auto-map %1 fields").arg(proposals.size()));
    for (const Proposal& p : proposals)
        new MapColumnCommand(document, p.column, p.field, command);
    undoStack->push(command);
}

} // namespace Ebb
