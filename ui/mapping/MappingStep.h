#pragma once

#include "app/engine/PreviewRunner.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QUndoStack;

namespace Ebb {

class DestinationFieldsModel;
class MappingDetail;
class MappingDocument;
class MappingListModel;
class SourceColumnsModel;

// The mapping editor: source columns (with samples) on the left, the mappings with their live
// sample and state in the middle, the destination's fields on the right. Drag a column onto a
// field (or a field onto a column, or either onto the list); or select a column and a field
// and press Enter. Every edit is an undo command on the sync's stack.
class MappingStep : public QWidget
{
    Q_OBJECT

public:
    MappingStep(MappingDocument* document, QUndoStack* undoStack, QWidget* parent = nullptr);

    QTableView* columnsView() const { return m_columns; }
    QTableView* mappingsView() const { return m_mappings; }
    QTableView* fieldsView() const { return m_fields; }
    DestinationFieldsModel* fieldsModel() const { return m_fieldsModel; }

    // The keyboard path: the selected column onto the selected field. False when either is
    // missing or the field refuses it (the reason shows below the panes).
    bool mapSelected();
    void unmapSelected();
    // Shows auto-map's proposals and applies the checked ones (as one undo step).
    void autoMap();
    // Adds `transform` (a name such as "upper") to the end of the selected mapping's chain.
    void addTransform(const QString& transform);
    // Applies the selected mapping's suggested transform (a type mismatch's fix).
    void applySuggestion();
    MappingDetail* detail() const { return m_detail; }
    // What the last Preview found over every row it read, beside each mapping's first-rows
    // check; nullptr: no Preview, or one an edit made stale.
    void showPreview(const PreviewRunner::Preview* preview);

Q_SIGNALS:
    // The Preview's rows with a problem on `field`, asked for from the mapping's detail.
    void previewRequested(const QString& field);

private:
    QString selectedColumn() const;
    QString selectedField() const;
    QString selectedMappingTarget() const;
    void updateHints();
    void fitMappingColumns();
    void selectFirstProblem();
    void updateFixButton();
    void say(const QString& message);

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    SourceColumnsModel* m_columnsModel;
    MappingListModel* m_mappingsModel;
    DestinationFieldsModel* m_fieldsModel;
    QTableView* m_columns;
    QTableView* m_mappings;
    QTableView* m_fields;
    QLabel* m_mappingsHeading;
    QPushButton* m_fix;
    QLabel* m_required;
    QLabel* m_message;
    MappingDetail* m_detail;
    bool m_autoSelected = true; // the selected mapping was chosen by selectFirstProblem()
    QStringList m_knownTargets; // the mappings' targets as last seen: a new one gets selected
};

} // namespace Ebb
