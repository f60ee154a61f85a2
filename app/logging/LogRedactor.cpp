#include "LogRedactor.h"

#include "connectors/secrets/KnownSecrets.h"

#include <QRegularExpression>
#include <QString>

namespace Ebb::LogRedactor {

std::string redact(const std::string& line)
{
    static const QRegularExpression authorization(
        QStringLiteral(R"((authorization"?\s*[:=]\s*"?)(?:(?:bearer|basic|token)\s+)?[^\s",}]+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral(R"(\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,})"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression password(QStringLiteral(R"(\b([\w-]*(?:password|passwd|secret|token|api[_-]?key))("?\s*[=:]\s*)("?)[^\s"&,;}]+)"),
                                             QRegularExpression::CaseInsensitiveOption);

    QString text = QString::fromStdString(line);
    text = KnownSecrets::redact(std::move(text));
    text.replace(authorization, QStringLiteral("\\1***"));
    text.replace(bearer, QStringLiteral("\\1 ***"));
    text.replace(password, QStringLiteral("\\1\\2\\3***"));
    return text.toStdString();
}

} // namespace Ebb::LogRedactor
