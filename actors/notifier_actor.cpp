// The notifier's shell: outbox rows from the writer, POSTs through the
// project's HTTP client, verdicts from notify::judge, results back to the
// writer. The client's callback only turns its outcome into a message.
#include "actors/notifier_actor.hpp"

#include "actors/job_context.hpp"

#include "net/http_client.hpp"
#include "net/url.hpp"
#include "notify/webhook_body.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include <deque>

namespace kd {
namespace {

struct notifier_state {
  notifier_config config;
  writer_actor writer;
  std::shared_ptr<ingest::node_time> time;
  std::unique_ptr<net::http_client> client;
  std::string shown_url;  // scheme://host:port only: a webhook's path often holds its secret
  std::deque<storage::notification> queue;
  // Between reading the outbox and the last answer being recorded, and
  // through a backoff: a tick then changes nothing.
  bool busy = false;
};

using notifier_pointer = notifier_actor::stateful_pointer<notifier_state>;

std::int64_t now_utc(notifier_pointer self) {
  return self->state.time ? self->state.time->unix_seconds(self->clock().now()) : 0;
}

void fill(notifier_pointer self);

void send_head(notifier_pointer self) {
  auto& st = self->state;
  const storage::notification& n = st.queue.front();
  net::request req;
  req.method = "POST";
  req.url = st.config.webhook_url;
  req.body = notify::webhook_body(n);
  req.content_type = "application/json";
  req.headers.emplace_back("Idempotency-Key", notify::idempotency_key(n));
  auto me = caf::actor_cast<notifier_actor>(self);
  const std::int64_t id = n.id;
  st.client->async_send(std::move(req), [me, id](net::outcome o) {
    webhook_answer a{id, std::nullopt, {}};
    if (auto* r = std::get_if<net::response>(&o))
      a.status = r->status;
    else
      a.error = std::get<net::failure>(o).message;
    caf::anon_send(me, attempt_atom::value, std::move(a));
  });
}

// The next row, or the next batch, or a poll later.
void next(notifier_pointer self) {
  if (!self->state.queue.empty())
    send_head(self);
  else
    fill(self);
}

void fill(notifier_pointer self) {
  auto& st = self->state;
  st.busy = true;
  self->request(st.writer, caf::infinite, outbox_atom::value, st.config.batch)
      .then(
          [self](std::vector<storage::notification>& rows) {
            auto& st = self->state;
            if (rows.empty()) {
              st.busy = false;
              self->delayed_send(self, st.config.poll_every, tick_atom::value);
              return;
            }
            st.queue.assign(std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
            send_head(self);
          },
          [self](caf::error& err) {
            spdlog::error("notifier: cannot read the outbox: {}", describe(err));
            self->state.busy = false;
            self->delayed_send(self, self->state.config.poll_every, tick_atom::value);
          });
}

void on_answer(notifier_pointer self, const webhook_answer& a) {
  auto& st = self->state;
  if (st.queue.empty() || st.queue.front().id != a.id)
    return;  // not ours (cannot happen: one attempt at a time)
  const notify::attempt_outcome outcome{a.status, a.error};
  const notify::verdict v = notify::judge(outcome);
  storage::delivery_attempt record{a.id, now_utc(self), v == notify::verdict::delivered, {},
                                   v == notify::verdict::give_up};
  if (!record.delivered) {
    record.error = notify::describe(outcome);
    // The client names the URL it failed on; a webhook's path is often its secret.
    for (auto at = record.error.find(st.config.webhook_url); at != std::string::npos;
         at = record.error.find(st.config.webhook_url, at))
      record.error.replace(at, st.config.webhook_url.size(), st.shown_url);
  }
  self->request(st.writer, caf::infinite, delivered_atom::value, record)
      .then(
          [self, v, record](bool) {
            auto& st = self->state;
            auto& n = st.queue.front();
            if (v == notify::verdict::retry) {
              ++n.attempts;
              const auto wait = notify::backoff(st.config.retry, n.attempts);
              spdlog::warn("notifier: {} {} for {}: {} (attempt {}); again in {} ms", n.kind, n.asin, st.shown_url,
                           record.error, n.attempts, wait.count());
              self->delayed_send(self, wait, resume_atom::value);
              return;
            }
            if (v == notify::verdict::give_up)
              spdlog::error("notifier: {} {} refused by {}: {}; kept in the outbox as failed", n.kind, n.asin,
                            st.shown_url, record.error);
            st.queue.pop_front();
            next(self);
          },
          [self](caf::error& err) {
            // The receiver may have it; it will get it again (at least once, same key).
            spdlog::error("notifier: cannot record a delivery: {}", describe(err));
            auto& st = self->state;
            st.queue.clear();
            st.busy = false;
            self->delayed_send(self, st.config.poll_every, tick_atom::value);
          });
}

notifier_actor::behavior_type notifier_behavior(notifier_pointer self, notifier_config config, writer_actor writer,
                                                std::shared_ptr<ingest::node_time> time) {
  auto& st = self->state;
  net::client_options options;
  options.connect_timeout = config.timeout;
  options.read_timeout = config.timeout;
  options.ca_file = config.ca_file;
  options.max_idle_per_origin = 1;
  st.client = std::make_unique<net::http_client>(options);
  try {
    const auto u = net::parse_url(config.webhook_url);
    st.shown_url = u.scheme + "://" + u.host + ":" + std::to_string(u.port);
  } catch (const std::exception&) {
    st.shown_url = "the webhook";
  }
  st.config = std::move(config);
  st.writer = std::move(writer);
  st.time = std::move(time);
  self->send(self, tick_atom::value);
  return {
      [self](tick_atom) {
        if (!self->state.busy)
          fill(self);
      },
      [self](attempt_atom, const webhook_answer& a) { on_answer(self, a); },
      [self](resume_atom) {
        if (!self->state.queue.empty())
          send_head(self);
      },
  };
}

} // namespace

notifier_actor spawn_notifier(caf::actor_system& sys, notifier_config config, writer_actor writer,
                              std::shared_ptr<ingest::node_time> time) {
  return sys.spawn(notifier_behavior, std::move(config), std::move(writer), std::move(time));
}

} // namespace kd
