#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;

namespace Ebb {

// A secret setting in a connection form: kept in the keychain (typed here, stored by the
// dialog, never written to the file) or read from an environment variable (`env:NAME`), or
// not set when the setting is optional. The file only ever gets the reference.
class SecretField : public QWidget
{
    Q_OBJECT

public:
    explicit SecretField(bool required, QWidget* parent = nullptr);

    // The reference from the file ("keychain", "env:VAR" or ""); `stored`: the keychain holds it.
    void setReference(const QString& reference);
    // "keychain", "env:NAME" or "" (not set).
    QString reference() const;
    // What was typed for the keychain; "" keeps what the keychain holds.
    QString typed() const;
    // After a keychain that cannot be used: an environment variable instead, with `hint`.
    void switchToEnvironment(const QString& hint);
    QLineEdit* edit() const { return m_edit; }
    QComboBox* source() const { return m_source; }

Q_SIGNALS:
    void changed();

private:
    void sourceChanged();

    QComboBox* m_source;
    QLineEdit* m_edit;
    QString m_lastSource;
    bool m_stored = false; // the file said "keychain": a value is there already
};

} // namespace Ebb
