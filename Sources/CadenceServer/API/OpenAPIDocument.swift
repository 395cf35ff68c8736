/// The OpenAPI 3.1 description of `/api/v1` (served at `GET /api/v1/openapi.json`).
///
/// Hand-written; `OpenAPICompletenessTests` fails when a route of `CRMAPI.routes` is missing
/// here or a documented operation is not routed.
enum OpenAPIDocument {
    /// The document as JSON text.
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Cadence CRM API",
            "version": "1.0.0",
            "description": "Contacts, tasks (stored as CalDAV calendar objects), calendars, routing, trash, subscription links, users and API tokens. Errors are RFC 9457 application/problem+json. PATCH bodies are JSON merge patches (RFC 7396). Single resources carry an ETag; If-Match on PATCH, DELETE, complete and reopen answers 412 when stale."
          },
          "servers": [{ "url": "/api/v1" }],
          "security": [{ "basic": [] }, { "bearer": [] }],
          "paths": {
            "/openapi.json": {
              "get": {
                "operationId": "getOpenAPI", "summary": "This document.", "security": [],
                "responses": { "200": { "description": "The OpenAPI document.", "content": { "application/json": {} } } }
              }
            },
            "/me": {
              "get": {
                "operationId": "getMe", "summary": "The signed-in user.",
                "responses": {
                  "200": { "description": "The user.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
                  "401": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/contacts": {
              "get": {
                "operationId": "listContacts", "summary": "One page of contacts.",
                "parameters": [
                  { "name": "q", "in": "query", "description": "Substring of name, company, e-mail or phone.", "schema": { "type": "string" } },
                  { "name": "tag", "in": "query", "schema": { "type": "string" } },
                  { "name": "sort", "in": "query", "description": "name, company, createdAt, updatedAt; prefix - for descending.", "schema": { "type": "string", "default": "name" } },
                  { "$ref": "#/components/parameters/cursor" },
                  { "$ref": "#/components/parameters/limit" }
                ],
                "responses": {
                  "200": { "description": "A page; a Link header with rel=next when there is more.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ContactPage" } } } },
                  "400": { "$ref": "#/components/responses/Problem" },
                  "401": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createContact", "summary": "Create a contact.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Contact" } } } },
                "responses": {
                  "201": { "description": "Created; Location and ETag set.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Contact" } } } },
                  "400": { "$ref": "#/components/responses/Problem" },
                  "401": { "$ref": "#/components/responses/Problem" },
                  "413": { "$ref": "#/components/responses/Problem" },
                  "415": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/contacts/{id}": {
              "parameters": [{ "$ref": "#/components/parameters/id" }],
              "get": {
                "operationId": "getContact", "summary": "One contact.",
                "responses": {
                  "200": { "description": "The contact, with its ETag.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Contact" } } } },
                  "404": { "$ref": "#/components/responses/Problem" }
                }
              },
              "patch": {
                "operationId": "updateContact", "summary": "Merge-patch a contact; null clears a field.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "requestBody": { "required": true, "content": { "application/merge-patch+json": { "schema": { "type": "object" } }, "application/json": { "schema": { "type": "object" } } } },
                "responses": {
                  "200": { "description": "The contact, with its new ETag.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Contact" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "deleteContact", "summary": "Delete a contact; linked tasks lose the link.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "responses": {
                  "204": { "description": "Deleted." },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tasks": {
              "get": {
                "operationId": "listTasks", "summary": "One page of tasks.",
                "parameters": [
                  { "name": "type", "in": "query", "description": "call, email, meeting, to-do; repeatable or comma-separated.", "schema": { "type": "array", "items": { "$ref": "#/components/schemas/TaskType" } }, "style": "form", "explode": true },
                  { "name": "status", "in": "query", "description": "open, in-progress, done, cancelled; repeatable or comma-separated.", "schema": { "type": "array", "items": { "$ref": "#/components/schemas/TaskStatus" } } },
                  { "name": "dueFrom", "in": "query", "schema": { "type": "string", "format": "date-time" } },
                  { "name": "dueBefore", "in": "query", "schema": { "type": "string", "format": "date-time" } },
                  { "name": "contact", "in": "query", "description": "A contact id.", "schema": { "type": "string" } },
                  { "name": "assignee", "in": "query", "schema": { "type": "string" } },
                  { "name": "calendar", "in": "query", "description": "A calendar path.", "schema": { "type": "string" } },
                  { "name": "q", "in": "query", "description": "Substring of title or notes.", "schema": { "type": "string" } },
                  { "name": "sort", "in": "query", "description": "due, start, title, createdAt, updatedAt; prefix - for descending.", "schema": { "type": "string", "default": "due" } },
                  { "$ref": "#/components/parameters/cursor" },
                  { "$ref": "#/components/parameters/limit" }
                ],
                "responses": {
                  "200": { "description": "A page; a Link header with rel=next when there is more.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TaskPage" } } } },
                  "400": { "$ref": "#/components/responses/Problem" },
                  "401": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createTask", "summary": "Create a task (a VEVENT or VTODO in its calendar: the named one, else the routed one, else crm-tasks).",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                "responses": {
                  "201": { "description": "Created; Location and ETag set.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "400": { "$ref": "#/components/responses/Problem" },
                  "415": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tasks/{id}": {
              "parameters": [{ "$ref": "#/components/parameters/id" }],
              "get": {
                "operationId": "getTask", "summary": "One task.",
                "responses": {
                  "200": { "description": "The task, with its calendar object's ETag.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "404": { "$ref": "#/components/responses/Problem" }
                }
              },
              "patch": {
                "operationId": "updateTask", "summary": "Merge-patch a task; a new type or calendar moves its object.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "requestBody": { "required": true, "content": { "application/merge-patch+json": { "schema": { "type": "object" } }, "application/json": { "schema": { "type": "object" } } } },
                "responses": {
                  "200": { "description": "The task, with its new ETag.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "deleteTask", "summary": "Delete a task (its object goes to the trash).",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "responses": {
                  "204": { "description": "Deleted." },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tasks/{id}/complete": {
              "parameters": [{ "$ref": "#/components/parameters/id" }],
              "post": {
                "operationId": "completeTask", "summary": "Mark a task done.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "responses": {
                  "200": { "description": "The task.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tasks/{id}/reopen": {
              "parameters": [{ "$ref": "#/components/parameters/id" }],
              "post": {
                "operationId": "reopenTask", "summary": "Set a task open again.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "responses": {
                  "200": { "description": "The task.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tasks/{id}/participants/{index}/contact": {
              "parameters": [
                { "$ref": "#/components/parameters/id" },
                { "name": "index", "in": "path", "required": true, "description": "Index into unmatchedParticipants.", "schema": { "type": "integer", "minimum": 0 } }
              ],
              "post": {
                "operationId": "createParticipantContact", "summary": "Turn an unmatched participant into a contact linked to the task.",
                "parameters": [{ "$ref": "#/components/parameters/ifMatch" }],
                "responses": {
                  "201": { "description": "The new contact and the task.", "content": { "application/json": { "schema": { "type": "object", "properties": { "contact": { "$ref": "#/components/schemas/Contact" }, "task": { "$ref": "#/components/schemas/Task" } } } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "412": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/assigned-tasks": {
              "get": {
                "operationId": "listAssignedTasks", "summary": "Tasks other users assigned to you, as they show in your calendars (calendar, caldavHref) with their owner; edit them through that calendar object.",
                "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } }],
                "responses": {
                  "200": { "description": "The tasks, by due (or start) time.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "allOf": [{ "$ref": "#/components/schemas/Task" }, { "type": "object", "properties": { "owner": { "type": "string" } } }] } } } } } } },
                  "400": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/calendars": {
              "get": {
                "operationId": "listCalendars", "summary": "The user's calendars.",
                "responses": { "200": { "description": "The calendars.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Calendar" } } } } } } } }
              },
              "post": {
                "operationId": "createCalendar", "summary": "Create a calendar with a default task type.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Calendar" } } } },
                "responses": {
                  "201": { "description": "Created; Location is its CalDAV URL.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Calendar" } } } },
                  "409": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/calendars/{path}/links": {
              "parameters": [{ "name": "path", "in": "path", "required": true, "description": "The calendar's path (crm-tasks).", "schema": { "type": "string" } }],
              "get": {
                "operationId": "listLinks", "summary": "The calendar's subscription links (never their tokens).",
                "responses": {
                  "200": { "description": "The links.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Link" } } } } } } },
                  "404": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createLink", "summary": "Create a secret read-only subscription link (GET /caldav/public/{token}.ics, no credentials); the answer holds the token and URL once.",
                "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object", "properties": { "mode": { "type": "string", "enum": ["full", "events", "busy"], "default": "events" }, "label": { "type": "string" } } } } } },
                "responses": {
                  "201": { "description": "Created, with token and url.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Link" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/calendars/{path}/shares": {
              "parameters": [{ "name": "path", "in": "path", "required": true, "description": "The calendar's path (crm-tasks).", "schema": { "type": "string" } }],
              "get": {
                "operationId": "listShares", "summary": "Whom the signed-in user's calendar is shared with.",
                "responses": {
                  "200": { "description": "The shares.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Share" } } } } } } },
                  "404": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createShare", "summary": "Share the calendar with a user or a team (or change the access of an existing share); it appears in the sharee's calendar home as {path}_shared_by_{owner}.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "properties": { "user": { "type": "string" }, "team": { "type": "string" }, "access": { "type": "string", "enum": ["read", "read-write"], "default": "read-write" } } } } } },
                "responses": {
                  "201": { "description": "Shared.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Share" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/calendars/{path}/shares/{sharee}": {
              "parameters": [
                { "name": "path", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "sharee", "in": "path", "required": true, "description": "user:NAME or team:NAME.", "schema": { "type": "string" } }
              ],
              "delete": {
                "operationId": "deleteShare", "summary": "End a share; the calendar leaves the sharee's home.",
                "responses": { "204": { "description": "Unshared." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/shared": {
              "get": {
                "operationId": "listShared", "summary": "Calendars shared with the signed-in user, directly or through a team.",
                "responses": { "200": { "description": "The shared calendars.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "type": "object", "properties": { "owner": { "type": "string" }, "calendar": { "type": "string" }, "path": { "type": "string" }, "displayName": { "type": "string" }, "access": { "type": "string", "enum": ["read", "read-write"] } } } } } } } } } }
              }
            },
            "/teams": {
              "get": {
                "operationId": "listTeams", "summary": "Every team with its members (administrators only).",
                "responses": {
                  "200": { "description": "The teams.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Team" } } } } } } },
                  "403": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createTeam", "summary": "Create a team (administrators only); with owner, also its calendar \"Team Calls\" (team-NAME) in the owner's home, shared with every member.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "displayName": { "type": "string" }, "owner": { "type": "string" } } } } } },
                "responses": {
                  "201": { "description": "Created.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Team" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "409": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/teams/{name}": {
              "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }],
              "delete": {
                "operationId": "deleteTeam", "summary": "Delete a team, its memberships and the shares made to it (administrators only).",
                "responses": { "204": { "description": "Deleted." }, "403": { "$ref": "#/components/responses/Problem" }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/teams/{name}/members/{user}": {
              "parameters": [
                { "name": "name", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "user", "in": "path", "required": true, "schema": { "type": "string" } }
              ],
              "put": {
                "operationId": "setTeamMember", "summary": "Add a member or change their access (administrators only).",
                "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object", "properties": { "access": { "type": "string", "enum": ["read", "read-write"], "default": "read-write" } } } } } },
                "responses": {
                  "200": { "description": "The team.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Team" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "removeTeamMember", "summary": "Remove a member (administrators only).",
                "responses": { "204": { "description": "Removed." }, "403": { "$ref": "#/components/responses/Problem" }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/links/{id}": {
              "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "delete": {
                "operationId": "revokeLink", "summary": "Revoke a subscription link; its URL answers 404 from then on.",
                "responses": { "204": { "description": "Revoked." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/delegates": {
              "get": {
                "operationId": "listDelegates", "summary": "The users who may read (read) or read and write (write) your calendars: the CalendarServer calendar-proxy-read/-write groups that iOS, macOS and DAVx5 show.",
                "responses": { "200": { "description": "Your delegates.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Delegate" } } } } } } } }
              }
            },
            "/delegates/{name}": {
              "parameters": [{ "name": "name", "in": "path", "required": true, "description": "The delegate's user name.", "schema": { "type": "string" } }],
              "put": {
                "operationId": "setDelegate", "summary": "Make a user your delegate, or change their access.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["access"], "properties": { "access": { "type": "string", "enum": ["read", "write"] } } } } } },
                "responses": {
                  "200": { "description": "Changed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Delegate" } } } },
                  "201": { "description": "Added.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Delegate" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "removeDelegate", "summary": "End a delegation.",
                "responses": { "204": { "description": "Removed." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/delegations": {
              "get": {
                "operationId": "listDelegations", "summary": "The users whose calendars you may act on, and how.",
                "responses": { "200": { "description": "Their names and your access.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Delegate" } } } } } } } }
              }
            },
            "/connectors": {
              "get": {
                "operationId": "listConnectors", "summary": "The user's sync connectors (a calendar kept in step with a remote CalDAV collection); never their passwords.",
                "responses": { "200": { "description": "The connectors.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Connector" } } } } } } } }
              },
              "post": {
                "operationId": "createConnector", "summary": "Add a sync connector; the password is stored encrypted with the server key.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["calendar", "url", "user", "password"], "properties": {
                  "calendar": { "type": "string" }, "url": { "type": "string", "format": "uri" }, "user": { "type": "string" },
                  "password": { "type": "string", "writeOnly": true },
                  "direction": { "type": "string", "enum": ["two-way", "push-only", "pull-only"] },
                  "policy": { "type": "string", "enum": ["newest-wins", "local-wins", "remote-wins"] },
                  "interval": { "type": "integer", "minimum": 5, "maximum": 86400 },
                  "caFile": { "type": "string", "description": "A PEM file on the server whose CA certificates are trusted for this remote (administrators only)." } } } } } },
                "responses": {
                  "201": { "description": "Added.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Connector" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/connectors/{id}": {
              "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "patch": {
                "operationId": "updateConnector", "summary": "Edit a connector (JSON merge patch, RFC 7396). A new url clears the sync state: the next run is a first sync that deletes nothing (same bytes on both sides are adopted, differing ones are conflicts).",
                "requestBody": { "required": true, "content": { "application/merge-patch+json": { "schema": { "$ref": "#/components/schemas/ConnectorPatch" } }, "application/json": { "schema": { "$ref": "#/components/schemas/ConnectorPatch" } } } },
                "responses": {
                  "200": { "description": "The connector as edited.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Connector" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "deleteConnector", "summary": "Remove a connector with its sync state and log; both sides keep their objects.",
                "responses": { "204": { "description": "Removed." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/connectors/{id}/run": {
              "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "post": {
                "operationId": "runConnector", "summary": "Sync now; answers what the run did.",
                "responses": {
                  "200": { "description": "The run's counts.", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "pushed": { "type": "integer" }, "pulled": { "type": "integer" }, "deletedLocally": { "type": "integer" },
                    "deletedRemotely": { "type": "integer" }, "conflicts": { "type": "integer" }, "failed": { "type": "integer" } } } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "503": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/routing": {
              "get": {
                "operationId": "listRoutes", "summary": "Which calendar each task type goes to.",
                "responses": { "200": { "description": "The rules.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Route" } } } } } } } }
              }
            },
            "/routing/{type}": {
              "parameters": [{ "name": "type", "in": "path", "required": true, "schema": { "$ref": "#/components/schemas/TaskType" } }],
              "put": {
                "operationId": "setRoute", "summary": "Route a task type to a calendar.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["calendar"], "properties": { "calendar": { "type": "string" } } } } } },
                "responses": {
                  "200": { "description": "The rule.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Route" } } } },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "deleteRoute", "summary": "Remove a type's rule.",
                "responses": { "204": { "description": "Removed." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/trash": {
              "get": {
                "operationId": "listTrash", "summary": "Deleted calendar objects, newest first.",
                "responses": { "200": { "description": "The trash.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/TrashEntry" } } } } } } } }
              }
            },
            "/trash/{id}/restore": {
              "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "post": {
                "operationId": "restoreTrash", "summary": "Put a deleted object back (with its task).",
                "responses": {
                  "200": { "description": "The restored task.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
                  "204": { "description": "Restored; it was not a task." },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "409": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/users": {
              "get": {
                "operationId": "listUsers", "summary": "Every user (administrators only).",
                "responses": {
                  "200": { "description": "The users.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/User" } } } } } } },
                  "403": { "$ref": "#/components/responses/Problem" }
                }
              },
              "post": {
                "operationId": "createUser", "summary": "Create a user (administrators only).",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewUser" } } } },
                "responses": {
                  "201": { "description": "Created.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "409": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/users/{name}": {
              "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }],
              "get": {
                "operationId": "getUser", "summary": "One user (administrators only).",
                "responses": {
                  "200": { "description": "The user.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "404": { "$ref": "#/components/responses/Problem" }
                }
              },
              "patch": {
                "operationId": "updateUser", "summary": "Change e-mail, display name, password or admin flag (administrators only).",
                "requestBody": { "required": true, "content": { "application/merge-patch+json": { "schema": { "$ref": "#/components/schemas/NewUser" } } } },
                "responses": {
                  "200": { "description": "The user.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/User" } } } },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              },
              "delete": {
                "operationId": "deleteUser", "summary": "Delete a user and everything they own (administrators only).",
                "responses": {
                  "204": { "description": "Deleted." },
                  "403": { "$ref": "#/components/responses/Problem" },
                  "404": { "$ref": "#/components/responses/Problem" },
                  "409": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tokens": {
              "get": {
                "operationId": "listTokens", "summary": "The user's API tokens (never the tokens themselves).",
                "responses": { "200": { "description": "The tokens.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Token" } } } } } } } }
              },
              "post": {
                "operationId": "createToken", "summary": "Issue an API token; the answer holds it once.",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["label"], "properties": { "label": { "type": "string" } } } } } },
                "responses": {
                  "201": { "description": "Created, with the token.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Token" } } } },
                  "422": { "$ref": "#/components/responses/Problem" }
                }
              }
            },
            "/tokens/{id}": {
              "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "delete": {
                "operationId": "revokeToken", "summary": "Revoke an API token.",
                "responses": { "204": { "description": "Revoked." }, "404": { "$ref": "#/components/responses/Problem" } }
              }
            },
            "/log": {
              "get": {
                "operationId": "listSyncLog", "summary": "The sync log: changes to objects and tasks, newest first (own entries; administrators may pass user).",
                "parameters": [
                  { "name": "user", "in": "query", "description": "Another user's entries (administrators only).", "schema": { "type": "string" } },
                  { "name": "since", "in": "query", "description": "An ISO 8601 date or date-time, or a relative age such as 30m, 2h or 7d.", "schema": { "type": "string" } },
                  { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 100 } }
                ],
                "responses": {
                  "200": { "description": "The entries.", "content": { "application/json": { "schema": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/SyncLogEntry" } } } } } } },
                  "400": { "$ref": "#/components/responses/Problem" },
                  "403": { "$ref": "#/components/responses/Problem" }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "basic": { "type": "http", "scheme": "basic", "description": "The user's password or an app password." },
              "bearer": { "type": "http", "scheme": "bearer", "description": "An API token (POST /tokens or `cadence token create`)." }
            },
            "parameters": {
              "id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
              "cursor": { "name": "cursor", "in": "query", "description": "nextCursor of the previous page.", "schema": { "type": "string" } },
              "limit": { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } },
              "ifMatch": { "name": "If-Match", "in": "header", "description": "The ETag last read; 412 when stale.", "schema": { "type": "string" } }
            },
            "responses": {
              "Problem": { "description": "An RFC 9457 problem.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
            },
            "schemas": {
              "Problem": {
                "type": "object",
                "properties": {
                  "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                  "errors": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } }
                }
              },
              "LabeledValue": { "type": "object", "required": ["value"], "properties": { "label": { "type": ["string", "null"] }, "value": { "type": "string" } } },
              "Contact": {
                "type": "object", "required": ["name"],
                "properties": {
                  "id": { "type": "string", "readOnly": true },
                  "name": { "type": "string" },
                  "company": { "type": ["string", "null"] },
                  "title": { "type": ["string", "null"] },
                  "emails": { "type": "array", "items": { "$ref": "#/components/schemas/LabeledValue" } },
                  "phones": { "type": "array", "items": { "$ref": "#/components/schemas/LabeledValue" } },
                  "address": {
                    "type": ["object", "null"],
                    "properties": { "street": { "type": ["string", "null"] }, "locality": { "type": ["string", "null"] }, "region": { "type": ["string", "null"] }, "postalCode": { "type": ["string", "null"] }, "country": { "type": ["string", "null"] } }
                  },
                  "notes": { "type": ["string", "null"] },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "createdAt": { "type": "string", "format": "date-time", "readOnly": true },
                  "updatedAt": { "type": "string", "format": "date-time", "readOnly": true }
                }
              },
              "ContactPage": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Contact" } }, "nextCursor": { "type": ["string", "null"] } } },
              "TaskType": { "type": "string", "enum": ["call", "email", "meeting", "to-do"] },
              "TaskStatus": { "type": "string", "enum": ["open", "in-progress", "done", "cancelled"] },
              "Task": {
                "type": "object", "required": ["type", "title"],
                "properties": {
                  "id": { "type": "string", "readOnly": true },
                  "type": { "$ref": "#/components/schemas/TaskType" },
                  "title": { "type": "string" },
                  "notes": { "type": ["string", "null"] },
                  "status": { "$ref": "#/components/schemas/TaskStatus" },
                  "priority": { "type": ["string", "null"], "enum": ["high", "normal", "low", null] },
                  "start": { "type": ["string", "null"], "description": "ISO 8601 with offset (any offset or Z accepted), or YYYY-MM-DD when allDay." },
                  "end": { "type": ["string", "null"] },
                  "due": { "type": ["string", "null"] },
                  "allDay": { "type": "boolean" },
                  "timeZone": { "type": ["string", "null"], "description": "IANA zone; answers show times with its offset." },
                  "location": { "type": ["string", "null"] },
                  "reminderMinutes": { "type": ["integer", "null"], "minimum": 0 },
                  "contactId": { "type": ["string", "null"] },
                  "assignee": { "type": ["string", "null"] },
                  "calendar": { "type": ["string", "null"], "description": "The calendar's path." },
                  "unmatchedParticipants": { "type": "array", "readOnly": true, "items": { "type": "object", "properties": { "name": { "type": ["string", "null"] }, "email": { "type": ["string", "null"] }, "phone": { "type": ["string", "null"] } } } },
                  "recurrence": { "type": ["string", "null"], "readOnly": true },
                  "completedAt": { "type": ["string", "null"], "format": "date-time", "readOnly": true },
                  "componentType": { "type": "string", "enum": ["VEVENT", "VTODO"], "readOnly": true },
                  "uid": { "type": "string", "readOnly": true },
                  "createdAt": { "type": "string", "format": "date-time", "readOnly": true },
                  "updatedAt": { "type": "string", "format": "date-time", "readOnly": true },
                  "caldavHref": { "type": "string", "readOnly": true }
                }
              },
              "TaskPage": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Task" } }, "nextCursor": { "type": ["string", "null"] } } },
              "Calendar": {
                "type": "object", "required": ["path"],
                "properties": {
                  "path": { "type": "string" },
                  "displayName": { "type": ["string", "null"] },
                  "color": { "type": ["string", "null"] },
                  "defaultType": { "oneOf": [{ "$ref": "#/components/schemas/TaskType" }, { "type": "null" }] },
                  "caldavHref": { "type": "string", "readOnly": true },
                  "syncToken": { "type": "string", "readOnly": true }
                }
              },
              "Route": { "type": "object", "properties": { "type": { "$ref": "#/components/schemas/TaskType" }, "calendar": { "type": "string" } } },
              "TrashEntry": {
                "type": "object",
                "properties": {
                  "id": { "type": "integer" }, "calendar": { "type": "string" }, "name": { "type": "string" },
                  "componentType": { "type": ["string", "null"] }, "taskId": { "type": ["string", "null"] },
                  "title": { "type": ["string", "null"] }, "type": { "type": ["string", "null"] },
                  "deletedAt": { "type": "string", "format": "date-time" }
                }
              },
              "User": {
                "type": "object",
                "properties": {
                  "name": { "type": "string" }, "email": { "type": "string" }, "displayName": { "type": "string" },
                  "isAdmin": { "type": "boolean" }, "createdAt": { "type": "string", "format": "date-time" }
                }
              },
              "NewUser": {
                "type": "object",
                "properties": {
                  "name": { "type": "string" }, "password": { "type": "string", "minLength": 8, "writeOnly": true },
                  "email": { "type": "string" }, "displayName": { "type": "string" }, "isAdmin": { "type": "boolean" }
                }
              },
              "Connector": {
                "type": "object",
                "properties": {
                  "id": { "type": "integer" }, "calendar": { "type": "string" }, "url": { "type": "string" },
                  "user": { "type": "string" },
                  "direction": { "type": "string", "enum": ["two-way", "push-only", "pull-only"] },
                  "policy": { "type": "string", "enum": ["newest-wins", "local-wins", "remote-wins"] },
                  "interval": { "type": "integer" },
                  "lastSyncAt": { "type": ["string", "null"], "format": "date-time" },
                  "lastError": { "type": ["string", "null"] }, "failures": { "type": "integer" },
                  "pushed": { "type": "integer" }, "pulled": { "type": "integer" },
                  "deleted": { "type": "integer" }, "conflicts": { "type": "integer" },
                  "enabled": { "type": "boolean", "description": "false: only runs on demand." },
                  "caFile": { "type": ["string", "null"], "description": "The connector's trusted CA file, else the server-wide setting." },
                  "lastSuccessAt": { "type": ["string", "null"], "format": "date-time" },
                  "retryNotBefore": { "type": ["string", "null"], "format": "date-time", "description": "A remote's Retry-After: no scheduled run before." }
                }
              },
              "ConnectorPatch": {
                "type": "object",
                "properties": {
                  "url": { "type": "string", "format": "uri" }, "user": { "type": "string" },
                  "password": { "type": "string", "writeOnly": true },
                  "direction": { "type": "string", "enum": ["two-way", "push-only", "pull-only"] },
                  "policy": { "type": "string", "enum": ["newest-wins", "local-wins", "remote-wins"] },
                  "interval": { "type": "integer", "minimum": 5, "maximum": 86400 },
                  "enabled": { "type": "boolean" },
                  "caFile": { "type": ["string", "null"], "description": "null: back to the server-wide CA setting (administrators only)." }
                }
              },
              "Share": {
                "type": "object",
                "properties": {
                  "id": { "type": "string", "description": "user:NAME or team:NAME, for DELETE." },
                  "user": { "type": "string" },
                  "team": { "type": "string" },
                  "access": { "type": "string", "enum": ["read", "read-write"] }
                }
              },
              "Team": {
                "type": "object",
                "properties": {
                  "name": { "type": "string" },
                  "displayName": { "type": "string" },
                  "members": { "type": "array", "items": { "type": "object", "properties": { "user": { "type": "string" }, "access": { "type": "string", "enum": ["read", "read-write"] } } } }
                }
              },
              "Delegate": {
                "type": "object",
                "properties": {
                  "user": { "type": "string", "description": "The delegate (in /delegates) or the owner (in /delegations)." },
                  "access": { "type": "string", "enum": ["read", "write"] }
                }
              },
              "Link": {
                "type": "object",
                "properties": {
                  "id": { "type": "integer" }, "calendar": { "type": "string" },
                  "mode": { "type": "string", "enum": ["full", "events", "busy"], "description": "full: as stored; events: tasks as events (for Nextcloud); busy: SUMMARY Busy, no details." },
                  "label": { "type": "string" },
                  "createdAt": { "type": "string", "format": "date-time" },
                  "lastFetchedAt": { "type": ["string", "null"], "format": "date-time" },
                  "token": { "type": "string", "description": "Only in the answer to POST." },
                  "url": { "type": "string", "description": "Only in the answer to POST: the subscription URL (webcal:// works too)." }
                }
              },
              "Token": {
                "type": "object",
                "properties": {
                  "id": { "type": "integer" }, "label": { "type": "string" },
                  "createdAt": { "type": "string", "format": "date-time" },
                  "lastUsedAt": { "type": ["string", "null"], "format": "date-time" },
                  "token": { "type": "string", "description": "Only in the answer to POST /tokens." }
                }
              },
              "SyncLogEntry": {
                "type": "object",
                "properties": {
                  "id": { "type": "integer" }, "time": { "type": "string", "format": "date-time" },
                  "user": { "type": "string" },
                  "client": { "type": "string", "description": "The User-Agent, api or connector." },
                  "action": { "type": "string", "enum": ["create", "update", "delete", "move", "restore"] },
                  "collection": { "type": "string" }, "object": { "type": ["string", "null"] },
                  "taskId": { "type": ["string", "null"] }, "destination": { "type": ["string", "null"] },
                  "status": { "type": "integer" }
                }
              }
            }
          }
        }
        """#
}
