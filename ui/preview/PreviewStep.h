#pragma once

#include "app/engine/PreviewRunner.h"

#include <QThread>
#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStandardItemModel;
class QSortFilterProxyModel;
class QTableView;

namespace Ebb {

// The dry run before a run: what the engine (PreviewRunner: extract, map, validate, change
// detection against the journal; nothing sent or recorded) would do with the sync's rows.
// Counts per fate as buttons that filter, a search by key, and the selected row's payload
// or problems. It runs on a thread of its own; a newer request drops an older answer.
class PreviewStep : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewStep(QWidget* parent = nullptr);
    ~PreviewStep() override;

    // `fate`: the filter to show the rows with once they arrive ("rejected"), or all.
    void run(const Workspace& workspace, const SyncSpec& sync, const QString& fate = {});
    void clear(const QString& why = {});
    // Stops the preview under way (its answer is dropped; the worker stops reading soon after).
    void stop();
    const PreviewRunner::Preview& preview() const { return m_preview; }
    bool isRunning() const { return m_running; }
    // Writes the rejected rows to `path` as CSV (RejectsCsv); false with a message on failure.
    bool exportRejects(const QString& path, QString* error = nullptr) const;

    // What the fate and rule chips do: the rows of one fate ("" for all listed), or of a rule.
    void filterBy(const QString& fate);
    void filterByRule(const QString& rule);
    // The listed rows with a problem on `field` that is the mapping's (not the key's), as the
    // Mapping step counts them.
    void filterByField(const QString& field);

    // What a test row's run did with it, under the list ("" hides it).
    void showTestResult(const QString& html);
    QString testResult() const;

Q_SIGNALS:
    void started();
    void finished();
    // Send Test Row: the selected row (added or changed) through the real destination.
    void sendTestRowRequested(const QString& key);

private:
    void show(const PreviewRunner::Preview& preview);
    static QString listedText(qint64 count, const QString& what);
    void showError(const QString& message);
    void checkChip(const QString& name);
    void showSelected();

    QThread m_thread;
    QObject* m_worker;
    quint64 m_generation = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_cancel; // the preview under way stops when set
    QString m_initialFilter;
    PreviewRunner::Preview m_preview;
    QLabel* m_summary;
    QWidget* m_chips;
    QWidget* m_ruleChips;
    QLineEdit* m_search;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_byFate;
    QSortFilterProxyModel* m_byKey;
    QTableView* m_table;
    QPlainTextEdit* m_detail;
    QPushButton* m_sendTest;
    QString m_sendTestTip; // when it can send
    QLabel* m_testResult;
    QPushButton* m_stop;
    QPushButton* m_exportRejects;
};

} // namespace Ebb
