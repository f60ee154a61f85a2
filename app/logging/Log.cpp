#include "Log.h"

#include "BridgeSink.h"
#include "LogBridge.h"
#include "RedactingSink.h"
#include "connectors/files/PrivateState.h"

#include <QDir>
#include <cstdio>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace Ebb {

namespace {

std::shared_ptr<RedactingSink>& redactor()
{
    static std::shared_ptr<RedactingSink> instance;
    return instance;
}

QtMessageHandler& previousHandler()
{
    static QtMessageHandler instance = nullptr;
    return instance;
}

// The GUI's bridge survives a re-init (opening another workspace moves the log file).
LogBridge*& bridge()
{
    static LogBridge* instance = nullptr;
    return instance;
}

spdlog::sink_ptr bridgeSink(LogBridge* target)
{
    auto sink = std::make_shared<BridgeSink>(target);
    // In UTC, as the window's history and schedules say their times.
    sink->set_formatter(
        std::make_unique<spdlog::pattern_formatter>("%H:%M:%S [%l] %v", spdlog::pattern_time_type::utc));
    return sink;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const auto level = [type] {
        switch (type) {
        case QtDebugMsg:
            return spdlog::level::debug;
        case QtInfoMsg:
            return spdlog::level::info;
        case QtWarningMsg:
            return spdlog::level::warn;
        case QtCriticalMsg:
            return spdlog::level::err;
        case QtFatalMsg:
            return spdlog::level::critical;
        }
        return spdlog::level::info;
    }();
    const char* category = context.category ? context.category : "qt";
    Log::logger()->log(level, "[{}] {}", category, message.toStdString());
    if (type == QtFatalMsg) {
        Log::logger()->flush();
        std::abort();
    }
}

} // namespace

Result<void> Log::init(const Options& options)
{
    std::vector<spdlog::sink_ptr> sinks;
    Result<void> result;
    if (!options.directory.isEmpty()) {
        // Never through a symbolic link a workspace may have planted in .ebb/logs.
        const QString file = QDir(options.directory).filePath(QStringLiteral("ebb.log"));
        Result<void> privateFile = PrivateState::ensureFolder(options.directory);
        for (const QString& rotated : {file, QDir(options.directory).filePath(QStringLiteral("ebb.1.log")),
                 QDir(options.directory).filePath(QStringLiteral("ebb.2.log")),
                 QDir(options.directory).filePath(QStringLiteral("ebb.3.log"))}) {
            if (privateFile)
                privateFile = PrivateState::checkFile(rotated);
        }
        Result<int> fd = privateFile ? PrivateState::openAppend(file) : Result<int>(privateFile.error());
        if (!fd) {
            result = fd.error();
        } else {
            ::close(*fd); // created 0600 here, so the sink's fopen never makes it world-readable
            // spdlog throws when the file cannot be opened; nothing may escape into main().
            try {
                auto rotating
                    = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.toStdString(), 5 * 1024 * 1024, 3);
                rotating->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] [%t] %v");
                sinks.push_back(rotating);
            } catch (const spdlog::spdlog_ex& e) {
                // "Failed opening file <file> for writing: <reason>": the reason is what is new.
                const QString what = QString::fromLocal8Bit(e.what());
                result = Error::io(QStringLiteral("cannot open the log %1: %2")
                                       .arg(file, what.mid(what.lastIndexOf(QLatin1String(": ")) + 2)));
            }
        }
    }
    if (options.toStderr) {
        auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        err->set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
        err->set_pattern("%^%l%$: %v");
        sinks.push_back(err);
    }
    redactor() = std::make_shared<RedactingSink>(std::move(sinks));
    if (bridge())
        redactor()->setExtraSink(bridgeSink(bridge()));
    auto logger = std::make_shared<spdlog::logger>("ebb", redactor());
    logger->set_level(options.verbose ? spdlog::level::debug : spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(2));
    const QtMessageHandler previous = qInstallMessageHandler(qtMessageHandler);
    if (previous != qtMessageHandler)
        previousHandler() = previous;
    return result;
}

void Log::attachBridge(LogBridge* target)
{
    bridge() = target;
    if (!redactor())
        (void)init({}); // no file: it cannot fail
    else
        redactor()->setExtraSink(target ? bridgeSink(target) : nullptr);
}

std::shared_ptr<spdlog::logger> Log::logger()
{
    return spdlog::default_logger();
}

void Log::shutdown()
{
    qInstallMessageHandler(previousHandler());
    previousHandler() = nullptr;
    spdlog::default_logger()->flush();
    // A logger without sinks, not none: a worker thread still logging must not crash.
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("ebb"));
    redactor().reset();
    bridge() = nullptr;
}

} // namespace Ebb
