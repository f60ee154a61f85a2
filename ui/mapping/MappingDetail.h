#pragma once

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;
class QTableWidget;
class QToolButton;
class QUndoStack;

namespace Ebb {

class MappingDocument;

// The selected mapping, edited in full: where its value comes from (a column, a constant or a
// template checked as it is typed), its transform chain (add, remove, reorder, and each
// transform's setting), and what the first sample rows become through it, with the rule a
// value would break. Every edit is an undo command on the sync's stack.
class MappingDetail : public QWidget
{
    Q_OBJECT

public:
    static constexpr int sampleRows = 3;

    MappingDetail(MappingDocument* document, QUndoStack* undoStack, QWidget* parent = nullptr);

    // The field whose mapping is shown ("" for none).
    void setTarget(const QString& target);
    QString target() const { return m_target; }
    // What the last Preview found on each field over every row it read, a sentence a field
    // (plain text), said under the first rows, which may all pass, with a link to those rows in
    // the Preview; empty: no Preview, or a stale one.
    void setPreviewNotes(QHash<QString, QString> notes);

    // The chain's editing, also for the keyboard and tests: `transform` as the file writes it.
    void addTransform(const QJsonValue& transform);
    void removeTransform(int index);
    void moveTransform(int from, int to);
    // The setting of the transform at `index` (pattern, separator, default, time zone), as typed.
    bool setTransformSetting(int index, const QString& text);
    // Sets the source: a column name, a constant (JSON, or text) or a template.
    bool setSource(const QString& kind, const QString& text);

    QListWidget* transformsView() const { return m_transforms; }
    QTableWidget* sampleView() const { return m_sample; }

Q_SIGNALS:
    void said(const QString& message);
    // The note's link: the Preview's rows with a problem on `field`.
    void previewRequested(const QString& field);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void refreshSetting();
    void checkSource(const QString& text);
    int currentTransform() const;

    MappingDocument* m_document;
    QUndoStack* m_undoStack;
    QString m_target;
    QLabel* m_title;
    QComboBox* m_kind;
    QLineEdit* m_source;
    QLabel* m_sourceCheck;
    QListWidget* m_transforms;
    QToolButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_up;
    QPushButton* m_down;
    QLabel* m_settingLabel;
    QLineEdit* m_setting;
    QTableWidget* m_sample;
    QLabel* m_previewNote;
    QHash<QString, QString> m_previewNotes;
    QStringListModel* m_columnNames; // the source column completer's
    bool m_followStack = false; // refresh() updates the boxes even while they have focus
};

} // namespace Ebb
