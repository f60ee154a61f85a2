#include "RequestLog.h"

#include "connectors/files/PrivateState.h"
#include "connectors/secrets/Redactor.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

QString bodyText(const QByteArray& body, bool keep)
{
    if (!keep)
        return QStringLiteral("(not kept: after the first %1 requests only those that failed keep theirs)")
            .arg(RequestLog::bodiesOfFirst);
    QString text = QString::fromUtf8(body.left(RequestLog::maxBodyBytes));
    if (body.size() > RequestLog::maxBodyBytes)
        text += QStringLiteral("… (%1 bytes in all)").arg(body.size());
    return Redactor::redact(text);
}

} // namespace

QString RequestLog::pathFor(const QString& stateDir, qint64 runId)
{
    return QDir(stateDir).filePath(QStringLiteral("problems/run-%1.requests.jsonl").arg(runId));
}

void RequestLog::add(const Exchange& exchange)
{
    const QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen() && !m_failed) {
        const auto folder = PrivateState::ensureFolder(QFileInfo(m_path).absolutePath());
        const auto fd = folder ? PrivateState::openAppend(m_path) : Result<int>(folder.error());
        if (!fd || !m_file.open(*fd, QIODevice::WriteOnly | QIODevice::Append, QFileDevice::AutoCloseHandle)) {
            m_failed = true;
            spdlog::warn("cannot keep the run's requests in {}: {}", m_path.toStdString(),
                (fd ? m_file.errorString() : fd.error().message).toStdString());
        }
    }
    if (m_failed)
        return;
    // Bodies are kept for the first exchanges and for every one that did not go well; the
    // others of a long run are a line each (redacting 16 KB bodies by the thousand would
    // cost a fast destination a third of its speed).
    const bool wentWell = exchange.error.isEmpty() && exchange.status >= 200 && exchange.status < 300;
    const bool keepBodies = m_written < maxFileBytes && (!wentWell || m_count < bodiesOfFirst);
    ++m_count;
    QJsonObject line{{QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("method"), QString::fromLatin1(exchange.method)},
        {QStringLiteral("url"), Redactor::redact(exchange.url)}, {QStringLiteral("records"), exchange.records},
        {QStringLiteral("attempt"), exchange.attempt}, {QStringLiteral("status"), exchange.status},
        {QStringLiteral("ms"), exchange.ms}, {QStringLiteral("request"), bodyText(exchange.request, keepBodies)},
        {QStringLiteral("answer"), bodyText(exchange.answer, keepBodies)}};
    if (!exchange.error.isEmpty())
        line.insert(QStringLiteral("error"), Redactor::redact(exchange.error));
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    if (m_file.write(bytes) == bytes.size())
        m_written += bytes.size();
    m_file.flush(); // a run that dies keeps what it said so far
}

Result<QList<QJsonObject>> RequestLog::read(const QString& path)
{
    if (!QFileInfo::exists(path))
        return QList<QJsonObject>(); // a run that made no request
    if (auto checked = PrivateState::checkFile(path); !checked)
        return checked.error();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("%1: %2").arg(path, file.errorString()));
    QList<QJsonObject> exchanges;
    while (!file.atEnd()) {
        const QJsonDocument line = QJsonDocument::fromJson(file.readLine());
        if (line.isObject())
            exchanges << line.object();
    }
    return exchanges;
}

} // namespace Ebb
