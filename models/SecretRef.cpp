#include "SecretRef.h"

#include <QRegularExpression>

namespace Ebb {

std::optional<SecretRef> SecretRef::parse(const QString& text)
{
    if (text == QLatin1String("keychain"))
        return keychain();
    static const QRegularExpression envRef(QStringLiteral("^env:([A-Za-z_][A-Za-z0-9_]*)$"));
    const auto match = envRef.match(text);
    if (match.hasMatch())
        return environment(match.captured(1));
    return std::nullopt;
}

QString SecretRef::toString() const
{
    return m_kind == Kind::Keychain ? QStringLiteral("keychain") : QStringLiteral("env:") + m_variable;
}

} // namespace Ebb
