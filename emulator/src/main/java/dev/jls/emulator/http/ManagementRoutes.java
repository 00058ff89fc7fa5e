package dev.jls.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.core.DeploymentSpec;
import dev.jls.emulator.core.DeploymentUpdate;
import dev.jls.emulator.core.DeploymentView;
import dev.jls.emulator.core.FieldError;
import java.util.ArrayList;
import java.util.List;

/** The {@code /management} routes: one small handler per route. */
final class ManagementRoutes {

  private ManagementRoutes() {}

  /** {@code POST /management/create}. */
  static final class Create extends ApiRoute {
    Create(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, true);
    }

    @Override
    void handle(Call call) {
      ObjectNode body = Bodies.object(call.exchange(), style(), call.body());
      if (body == null) {
        return;
      }
      List<FieldError> errors = new ArrayList<>();
      DeploymentSpec spec = SpecReader.spec(body, errors);
      if (!errors.isEmpty()) {
        Responses.fieldErrors(call.exchange(), style(), "body", errors);
        return;
      }
      context().plane().create(call.tenant(), spec).whenCompleteAsync((v, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
        } else {
          Responses.json(call.exchange(), 200, Responses.object().put("deployment_id", v.id()));
        }
      }, call.exchange().getIoThread());
    }
  }

  /** {@code GET /management/list}. */
  static final class ListAll extends ApiRoute {
    ListAll(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
      context().plane().list(call.tenant()).whenCompleteAsync((views, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
          return;
        }
        ObjectNode o = Responses.object();
        ArrayNode list = o.putArray("deployments");
        for (DeploymentView v : views) {
          list.add(DeploymentJson.summary(v));
        }
        Responses.json(call.exchange(), 200, o);
      }, call.exchange().getIoThread());
    }
  }

  /** {@code GET /management/{id}}. */
  static final class Get extends ApiRoute {
    Get(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
      context().plane().get(call.tenant(), call.path("id")).whenCompleteAsync((v, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
        } else {
          Responses.json(call.exchange(), 200, DeploymentJson.record(v));
        }
      }, call.exchange().getIoThread());
    }
  }

  /** {@code GET /management/{id}/status}. */
  static final class Status extends ApiRoute {
    Status(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
      context().plane().get(call.tenant(), call.path("id")).whenCompleteAsync((v, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
        } else {
          Responses.json(call.exchange(), 200,
              Responses.object().put("status", v.status().wire()));
        }
      }, call.exchange().getIoThread());
    }
  }

  /** {@code PATCH /management/{id}}. */
  static final class Update extends ApiRoute {
    Update(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, true);
    }

    @Override
    void handle(Call call) {
      ObjectNode body = Bodies.object(call.exchange(), style(), call.body());
      if (body == null) {
        return;
      }
      List<FieldError> errors = new ArrayList<>();
      DeploymentUpdate update = SpecReader.update(body, errors);
      if (!errors.isEmpty()) {
        Responses.fieldErrors(call.exchange(), style(), "body", errors);
        return;
      }
      context().plane().update(call.tenant(), call.path("id"), update).whenCompleteAsync((v, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
        } else {
          Responses.json(call.exchange(), 200, DeploymentJson.record(v));
        }
      }, call.exchange().getIoThread());
    }
  }

  /** {@code DELETE /management/{id}}. */
  static final class Delete extends ApiRoute {
    Delete(ServerContext c) {
      super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
      context().plane().delete(call.tenant(), call.path("id")).whenCompleteAsync((v, e) -> {
        if (e != null) {
          Responses.failure(call.exchange(), style(), e);
        } else {
          Responses.json(call.exchange(), 200, Responses.object()
              .put("deployment_id", v.id()).put("status", v.status().wire()));
        }
      }, call.exchange().getIoThread());
    }
  }
}
