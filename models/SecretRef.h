#pragma once

#include <QString>
#include <optional>

namespace Ebb {

// Where a secret lives. A workspace file holds only this reference, never the value:
// "keychain" (the OS keychain, service "ebb", keyed by what the secret unlocks:
// ConnectionSpec::keychainKey) or "env:VAR" (only EBB_* variables unless the user allows more).
class SecretRef
{
public:
    enum class Kind { Keychain, Environment };

    static std::optional<SecretRef> parse(const QString& text);
    static SecretRef keychain() { return SecretRef(Kind::Keychain, {}); }
    static SecretRef environment(const QString& variable) { return SecretRef(Kind::Environment, variable); }

    Kind kind() const { return m_kind; }
    QString variable() const { return m_variable; }
    QString toString() const;

private:
    SecretRef(Kind kind, QString variable)
        : m_kind(kind)
        , m_variable(std::move(variable))
    {
    }

    Kind m_kind;
    QString m_variable;
};

} // namespace Ebb
