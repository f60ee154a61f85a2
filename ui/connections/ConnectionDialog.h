#pragma once

#include "models/Workspace.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace Ebb {

class SchemaFetcher;
class SecretField;

// Adds or edits one connection: a form per kind whose fields come from ConnectionKinds, the
// table the workspace loader checks against. Secrets go to the keychain (keyed by what they
// unlock) or stay `env:VAR` references; the file only ever gets the reference. Test runs off
// the GUI thread and shows the server's version or the exact error. Save writes
// connections/<id>.json, after checking it as the loader will.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    // `existing`: the connection to edit; nullptr for a new one.
    ConnectionDialog(
        const Workspace& workspace, const ConnectionSpec* existing, SchemaFetcher* asker, QWidget* parent = nullptr);

    // The connection as the form says (secret fields as references).
    ConnectionSpec connection() const;
    // The problems the loader would find in it, each as a line; empty when it would load.
    QStringList problems() const;
    // For tests and tooling: the editor of a setting (QLineEdit, QComboBox or SecretField).
    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    QLineEdit* idEdit() const { return m_id; }
    QComboBox* kindBox() const { return m_kind; }
    QPushButton* testButton() const { return m_test; }
    QLabel* resultLabel() const { return m_result; }
    void reject() override;

Q_SIGNALS:
    // A test finished: the tree shows the connection's state.
    void tested(const QString& connectionId, bool ok, const QString& text);

private:
    void buildForm();
    void refresh();
    void edited();
    void test();
    void save();
    // Stores the typed keychain secrets one after another, then calls `done` (or says why not).
    void storeSecrets(std::function<void()> done);
    struct PendingSecret
    {
        QString field;
        QString key; // in the keychain
        QString secret;
    };
    void storeNext(QList<PendingSecret> pending, std::function<void()> done);
    void showTesting(bool testing);
    void showResult(const QString& text, bool ok);

    Workspace m_workspace;
    ConnectionSpec m_original; // what the file holds (empty id for a new connection)
    SchemaFetcher* m_asker;
    quint64 m_testGeneration = 0;
    bool m_testing = false;
    quint64 m_testAttempt = 0; // each Test's own number: a stopped one's keychain answer starts nothing
    QLineEdit* m_id;
    QComboBox* m_kind;
    QWidget* m_formHost;
    QScrollArea* m_scroll = nullptr;
    bool m_touched = false; // the user has changed something: problems are shown
    QFormLayout* m_form = nullptr;
    QHash<QString, QWidget*> m_editors;
    QLabel* m_problems;
    QLabel* m_result;
    QPushButton* m_test;
    QDialogButtonBox* m_buttons;
};

} // namespace Ebb
