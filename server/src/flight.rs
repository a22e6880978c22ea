//! Arrow Flight SQL: bulk extracts as Arrow batches, over the same engine and catalog as pgwire.
//!
//! `GetFlightInfo` plans a statement (its schema, and one endpoint per output partition when the
//! partitions can be read independently); `DoGet` runs an endpoint's part and streams its batches as
//! they come. Prepared statements live on the server under a handle: parameters are bound with
//! `DoPut` (one row) and apply to every later execution. Tickets carry the SQL (or the handle) as JSON,
//! so any endpoint can be fetched by any connection, in parallel.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aos_engine::{Engine, ErrorKind, guarded};
use arrow_flight::encode::FlightDataEncoderBuilder;
use arrow_flight::error::FlightError;
use arrow_flight::flight_service_server::{FlightService, FlightServiceServer};
use arrow_flight::sql::metadata::{SqlInfoData, SqlInfoDataBuilder};
use arrow_flight::sql::server::{FlightSqlService, PeekableFlightDataStream};
use arrow_flight::sql::{
    ActionClosePreparedStatementRequest, ActionCreatePreparedStatementRequest,
    ActionCreatePreparedStatementResult, Any, CommandGetCatalogs, CommandGetDbSchemas,
    CommandGetSqlInfo, CommandGetTableTypes, CommandGetTables, CommandPreparedStatementQuery,
    CommandStatementQuery, DoPutPreparedStatementResult, ProstMessageExt, SqlInfo,
    TicketStatementQuery,
};
use arrow_flight::{
    Action, FlightDescriptor, FlightEndpoint, FlightInfo, HandshakeRequest, HandshakeResponse,
    IpcMessage, SchemaAsIpc, Ticket, decode::FlightRecordBatchStream,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::ipc::writer::IpcWriteOptions;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::ScalarValue;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties};
use datafusion::prelude::DataFrame;
use futures::{Stream, TryStreamExt};
use prost::Message;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status, Streaming};

use crate::wire::{client_message, wire_error};

type FlightDataStream =
    Pin<Box<dyn Stream<Item = Result<arrow_flight::FlightData, Status>> + Send>>;

/// Serves Flight SQL on `listener` until the task is dropped.
pub(crate) async fn serve(listener: TcpListener, service: FlightSql) -> Result<(), String> {
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    tonic::transport::Server::builder()
        .add_service(FlightServiceServer::new(service))
        .serve_with_incoming(incoming)
        .await
        .map_err(|e| e.to_string())
}

/// The Flight SQL service of one engine.
pub(crate) struct FlightSql {
    engine: Arc<Engine>,
    prepared: Mutex<HashMap<String, Prepared>>,
    next_handle: AtomicU64,
    sql_info: SqlInfoData,
}

/// A prepared statement: its SQL and the parameter values last bound to it.
#[derive(Debug, Clone)]
struct Prepared {
    sql: String,
    parameters: Vec<ScalarValue>,
}

/// What a ticket names: a statement (by its SQL or a prepared handle) and, when the result is split,
/// which of its `parts` partitions to read.
#[derive(Debug, Serialize, Deserialize)]
struct Part {
    #[serde(skip_serializing_if = "Option::is_none")]
    sql: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    handle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partition: Option<usize>,
    parts: usize,
}

impl FlightSql {
    pub(crate) fn new(engine: Arc<Engine>) -> Result<Self, String> {
        let mut info = SqlInfoDataBuilder::new();
        info.append(SqlInfo::FlightSqlServerName, "AutonomOS");
        info.append(SqlInfo::FlightSqlServerVersion, env!("CARGO_PKG_VERSION"));
        info.append(SqlInfo::FlightSqlServerArrowVersion, "1.3");
        info.append(SqlInfo::FlightSqlServerReadOnly, true);
        info.append(SqlInfo::FlightSqlServerSql, true);
        info.append(SqlInfo::FlightSqlServerSubstrait, false);
        info.append(SqlInfo::FlightSqlServerTransaction, 0_i32);
        info.append(SqlInfo::FlightSqlServerCancel, false);
        info.append(SqlInfo::SqlIdentifierQuoteChar, "\"");
        info.append(SqlInfo::SqlDdlCatalog, false);
        info.append(SqlInfo::SqlDdlSchema, false);
        info.append(SqlInfo::SqlDdlTable, false);
        let sql_info = info
            .build()
            .map_err(|e| format!("Flight SQL server information: {e}"))?;
        Ok(Self {
            engine,
            prepared: Mutex::new(HashMap::new()),
            next_handle: AtomicU64::new(1),
            sql_info,
        })
    }

    fn statement(&self, handle: &str) -> Result<Prepared, Status> {
        let prepared = self
            .prepared
            .lock()
            .map_err(|_| Status::internal("prepared statements are unavailable"))?;
        prepared.get(handle).cloned().ok_or_else(|| {
            Status::not_found(format!(
                "no prepared statement {handle:?} (it was closed, or the server restarted)"
            ))
        })
    }

    /// The planned frame of a ticket's statement, its parameters bound.
    async fn frame(&self, part: &Part) -> Result<DataFrame, Status> {
        let (sql, parameters) = match (&part.sql, &part.handle) {
            (Some(sql), _) => (sql.clone(), Vec::new()),
            (None, Some(handle)) => {
                let statement = self.statement(handle)?;
                (statement.sql, statement.parameters)
            }
            (None, None) => return Err(Status::invalid_argument("the ticket names no statement")),
        };
        let frame = self.engine.plan(&sql).await.map_err(|e| status(&e))?;
        if parameters.is_empty() {
            return Ok(frame);
        }
        frame.with_param_values(parameters).map_err(|e| status(&e))
    }

    /// A `FlightInfo` for a statement: its schema and its endpoints.
    async fn info(
        &self,
        mut part: Part,
        descriptor: FlightDescriptor,
    ) -> Result<Response<FlightInfo>, Status> {
        let frame = self.frame(&part).await?;
        let schema = wire_schema(frame.schema().as_arrow());
        let plan = frame.create_physical_plan().await.map_err(|e| status(&e))?;
        let partitions = plan.output_partitioning().partition_count();
        let mut info = FlightInfo::new()
            .try_with_schema(&schema)
            .map_err(|e| status(&e))?
            .with_descriptor(descriptor);
        if partitions > 1 && reads_partitions_independently(&plan) {
            part.parts = partitions;
            for partition in 0..partitions {
                part.partition = Some(partition);
                info = info.with_endpoint(endpoint(&part)?);
            }
        } else {
            part.parts = 1;
            info = info.with_endpoint(endpoint(&part)?).with_ordered(true);
        }
        Ok(Response::new(info))
    }

    /// Runs a ticket's part of its statement; with the notices about the accelerated copies it reads.
    async fn run(&self, part: &Part) -> Result<(SendableRecordBatchStream, Vec<String>), Status> {
        let frame = self.frame(part).await?;
        let notices = self.engine.notices(frame.logical_plan());
        let guard = self.engine.guard(CancellationToken::new());
        let Some(partition) = part.partition else {
            return self
                .engine
                .execute_frame(frame, guard)
                .await
                .map(|stream| (stream, notices))
                .map_err(|e| status(&e));
        };
        // This partition runs alone, on its own plan: DataFusion's file scans would otherwise let it take
        // over its siblings' files and row groups (work stealing), and every endpoint would return them.
        let mut config = frame.task_ctx().session_config().clone();
        config
            .options_mut()
            .execution
            .enable_file_stream_work_stealing = false;
        let task = Arc::new(frame.task_ctx().with_session_config(config));
        let plan = frame.create_physical_plan().await.map_err(|e| status(&e))?;
        let partitions = plan.output_partitioning().partition_count();
        if partitions != part.parts || partition >= partitions {
            return Err(Status::failed_precondition(format!(
                "the statement now plans into {partitions} parts, not {}: ask for its FlightInfo again",
                part.parts
            )));
        }
        let stream = plan.execute(partition, task).map_err(|e| status(&e))?;
        let schema = stream.schema();
        let stream = Box::pin(
            datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
                schema,
                guarded(stream, guard, |reason| {
                    datafusion::error::DataFusionError::External(Box::new(reason))
                }),
            ),
        );
        Ok((stream, notices))
    }
}

/// Whether each output partition of `plan` can be run on its own and together they give every row
/// once: only scans, projections and filters (a repartition, sort, limit, join or aggregate would be
/// run again, and split differently, for every part).
fn reads_partitions_independently(plan: &Arc<dyn ExecutionPlan>) -> bool {
    let independent = matches!(
        plan.name(),
        "DataSourceExec"
            | "ProjectionExec"
            | "FilterExec"
            | "CoalesceBatchesExec"
            | "CooperativeExec"
    );
    independent
        && plan
            .children()
            .into_iter()
            .all(reads_partitions_independently)
}

/// The schema results are sent in: string and binary views as plain strings and binaries. DataFusion's
/// Parquet reader makes views whose data buffers many batches share, and Arrow IPC sends a view array's
/// whole buffers with every batch (a 10,000,000-row extract was 2.2 times its data); not every Flight
/// client reads views either.
fn wire_schema(schema: &Schema) -> Schema {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|field| {
            let plain = match field.data_type() {
                DataType::Utf8View => DataType::Utf8,
                DataType::BinaryView => DataType::Binary,
                other => other.clone(),
            };
            field.as_ref().clone().with_data_type(plain)
        })
        .collect();
    Schema::new_with_metadata(fields, schema.metadata().clone())
}

/// `batch` in `schema` (its [`wire_schema`]).
fn wire_batch(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
    aos_engine::cast_batch(batch, schema)
}

fn endpoint(part: &Part) -> Result<FlightEndpoint, Status> {
    let handle = serde_json::to_vec(part).map_err(|e| Status::internal(e.to_string()))?;
    let ticket = TicketStatementQuery {
        statement_handle: handle.into(),
    };
    Ok(FlightEndpoint::new().with_ticket(Ticket::new(ticket.as_any().encode_to_vec())))
}

/// The gRPC status of an engine, DataFusion or Arrow error: its code from `crate::wire`, its message
/// on one line.
fn status(error: &(dyn std::error::Error + 'static)) -> Status {
    let code = match error.downcast_ref::<FlightError>() {
        Some(FlightError::ExternalError(inner)) => return status(inner.as_ref()),
        Some(FlightError::Tonic(status)) => return status.as_ref().clone(),
        _ => wire_error(ErrorKind::of(error)).grpc,
    };
    Status::new(code, client_message(error))
}

/// `batch` (of one metadata builder) as a Flight data stream.
fn batch_stream(schema: SchemaRef, batch: RecordBatch) -> Response<FlightDataStream> {
    let stream = FlightDataEncoderBuilder::new()
        .with_schema(schema)
        .build(futures::stream::once(async move { Ok(batch) }))
        .map_err(|e| status(&e));
    Response::new(Box::pin(stream))
}

/// A `FlightInfo` whose one endpoint's ticket is the metadata command itself.
fn metadata_info(
    command: impl ProstMessageExt,
    schema: &Schema,
    descriptor: FlightDescriptor,
) -> Result<Response<FlightInfo>, Status> {
    let ticket = Ticket::new(command.as_any().encode_to_vec());
    let info = FlightInfo::new()
        .try_with_schema(schema)
        .map_err(|e| status(&e))?
        .with_endpoint(FlightEndpoint::new().with_ticket(ticket))
        .with_descriptor(descriptor);
    Ok(Response::new(info))
}

fn ipc_schema(schema: &Schema) -> Result<bytes::Bytes, Status> {
    let message: IpcMessage = SchemaAsIpc::new(schema, &IpcWriteOptions::default())
        .try_into()
        .map_err(|e: datafusion::arrow::error::ArrowError| status(&e))?;
    Ok(message.0)
}

#[tonic::async_trait]
impl FlightSqlService for FlightSql {
    type FlightService = FlightSql;

    /// aos has no users yet (DESIGN §6): every handshake succeeds, with an empty token.
    async fn do_handshake(
        &self,
        _request: Request<Streaming<HandshakeRequest>>,
    ) -> Result<
        Response<Pin<Box<dyn Stream<Item = Result<HandshakeResponse, Status>> + Send>>>,
        Status,
    > {
        let response = HandshakeResponse {
            protocol_version: 0,
            payload: bytes::Bytes::new(),
        };
        Ok(Response::new(Box::pin(futures::stream::once(async {
            Ok(response)
        }))))
    }

    async fn get_flight_info_statement(
        &self,
        query: CommandStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let part = Part {
            sql: Some(query.query),
            handle: None,
            partition: None,
            parts: 1,
        };
        self.info(part, request.into_inner()).await
    }

    async fn get_flight_info_prepared_statement(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let handle = handle_text(&query.prepared_statement_handle)?;
        let part = Part {
            sql: None,
            handle: Some(handle),
            partition: None,
            parts: 1,
        };
        self.info(part, request.into_inner()).await
    }

    async fn do_get_statement(
        &self,
        ticket: TicketStatementQuery,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let part: Part = serde_json::from_slice(&ticket.statement_handle)
            .map_err(|e| Status::invalid_argument(format!("not a ticket of this server: {e}")))?;
        let (stream, notices) = self.run(&part).await?;
        let schema = Arc::new(wire_schema(&stream.schema()));
        let batches = {
            let schema = Arc::clone(&schema);
            stream
                .map_err(|e| FlightError::ExternalError(Box::new(e)))
                .and_then(move |batch| {
                    futures::future::ready(wire_batch(&batch, &schema).map_err(FlightError::Arrow))
                })
        };
        let data = FlightDataEncoderBuilder::new()
            .with_schema(schema)
            .build(batches)
            .map_err(|e| status(&e));
        let mut response = Response::new(Box::pin(data) as FlightDataStream);
        for notice in notices {
            if let Ok(value) = crate::wire::header_text(&notice).parse() {
                response
                    .metadata_mut()
                    .append(crate::http::NOTICE_HEADER, value);
            }
        }
        Ok(response)
    }

    async fn do_get_prepared_statement(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let ticket = TicketStatementQuery {
            statement_handle: serde_json::to_vec(&Part {
                sql: None,
                handle: Some(handle_text(&query.prepared_statement_handle)?),
                partition: None,
                parts: 1,
            })
            .map_err(|e| Status::internal(e.to_string()))?
            .into(),
        };
        self.do_get_statement(ticket, request).await
    }

    async fn get_flight_info_catalogs(
        &self,
        query: CommandGetCatalogs,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder().schema();
        metadata_info(query, &schema, request.into_inner())
    }

    async fn do_get_catalogs(
        &self,
        query: CommandGetCatalogs,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let mut builder = query.into_builder();
        for catalog in self.engine.context().catalog_names() {
            builder.append(catalog);
        }
        let schema = builder.schema();
        let batch = builder.build().map_err(|e| status(&e))?;
        Ok(batch_stream(schema, batch))
    }

    async fn get_flight_info_schemas(
        &self,
        query: CommandGetDbSchemas,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder().schema();
        metadata_info(query, &schema, request.into_inner())
    }

    async fn do_get_schemas(
        &self,
        query: CommandGetDbSchemas,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let context = self.engine.context();
        let mut builder = query.into_builder();
        for name in context.catalog_names() {
            if let Some(catalog) = context.catalog(&name) {
                for schema in catalog.schema_names() {
                    builder.append(&name, schema);
                }
            }
        }
        let schema = builder.schema();
        let batch = builder.build().map_err(|e| status(&e))?;
        Ok(batch_stream(schema, batch))
    }

    async fn get_flight_info_tables(
        &self,
        query: CommandGetTables,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder().schema();
        metadata_info(query, &schema, request.into_inner())
    }

    async fn do_get_tables(
        &self,
        query: CommandGetTables,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let context = self.engine.context();
        let mut builder = query.into_builder();
        for name in context.catalog_names() {
            let Some(catalog) = context.catalog(&name) else {
                continue;
            };
            for schema_name in catalog.schema_names() {
                let Some(schema) = catalog.schema(&schema_name) else {
                    continue;
                };
                let mut tables = schema.table_names();
                tables.sort();
                for table in tables {
                    let Ok(Some(provider)) = schema.table(&table).await else {
                        continue;
                    };
                    builder
                        .append(
                            &name,
                            &schema_name,
                            &table,
                            table_type(provider.table_type()),
                            &wire_schema(&provider.schema()),
                        )
                        .map_err(|e| status(&e))?;
                }
            }
        }
        let schema = builder.schema();
        let batch = builder.build().map_err(|e| status(&e))?;
        Ok(batch_stream(schema, batch))
    }

    async fn get_flight_info_table_types(
        &self,
        query: CommandGetTableTypes,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder().schema();
        metadata_info(query, &schema, request.into_inner())
    }

    async fn do_get_table_types(
        &self,
        query: CommandGetTableTypes,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let mut builder = query.into_builder();
        for kind in ["TABLE", "VIEW", "SYSTEM TABLE"] {
            builder.append(kind);
        }
        let schema = builder.schema();
        let batch = builder.build().map_err(|e| status(&e))?;
        Ok(batch_stream(schema, batch))
    }

    async fn get_flight_info_sql_info(
        &self,
        query: CommandGetSqlInfo,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder(&self.sql_info).schema();
        metadata_info(query, &schema, request.into_inner())
    }

    async fn do_get_sql_info(
        &self,
        query: CommandGetSqlInfo,
        _request: Request<Ticket>,
    ) -> Result<Response<FlightDataStream>, Status> {
        let builder = query.into_builder(&self.sql_info);
        let schema = builder.schema();
        let batch = builder.build().map_err(|e| status(&e))?;
        Ok(batch_stream(schema, batch))
    }

    async fn do_action_create_prepared_statement(
        &self,
        query: ActionCreatePreparedStatementRequest,
        _request: Request<Action>,
    ) -> Result<ActionCreatePreparedStatementResult, Status> {
        let frame = self
            .engine
            .plan(&query.query)
            .await
            .map_err(|e| status(&e))?;
        let dataset = wire_schema(frame.schema().as_arrow());
        let parameters = parameter_schema(&frame)?;
        let handle = format!("ps-{}", self.next_handle.fetch_add(1, Ordering::Relaxed));
        self.prepared
            .lock()
            .map_err(|_| Status::internal("prepared statements are unavailable"))?
            .insert(
                handle.clone(),
                Prepared {
                    sql: query.query,
                    parameters: Vec::new(),
                },
            );
        Ok(ActionCreatePreparedStatementResult {
            prepared_statement_handle: handle.into_bytes().into(),
            dataset_schema: ipc_schema(&dataset)?,
            parameter_schema: ipc_schema(&parameters)?,
        })
    }

    async fn do_put_prepared_statement_query(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<PeekableFlightDataStream>,
    ) -> Result<DoPutPreparedStatementResult, Status> {
        let handle = handle_text(&query.prepared_statement_handle)?;
        self.statement(&handle)?;
        // `into_peekable` keeps the message the dispatcher peeked at: it carries the schema.
        let data = request
            .into_inner()
            .into_peekable()
            .map_err(FlightError::from);
        let batches: Vec<RecordBatch> = FlightRecordBatchStream::new_from_flight_data(data)
            .try_collect()
            .await
            .map_err(|e| status(&e))?;
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
            return Err(Status::invalid_argument("no parameter values were sent"));
        };
        if rows > 1 {
            return Err(Status::invalid_argument(format!(
                "{rows} rows of parameters were sent; a query takes one row of values"
            )));
        }
        let values = batch
            .columns()
            .iter()
            .map(|column| ScalarValue::try_from_array(column, 0))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| status(&e))?;
        let mut prepared = self
            .prepared
            .lock()
            .map_err(|_| Status::internal("prepared statements are unavailable"))?;
        match prepared.get_mut(&handle) {
            Some(statement) => statement.parameters = values,
            None => {
                return Err(Status::not_found(format!(
                    "no prepared statement {handle:?}"
                )));
            }
        }
        Ok(DoPutPreparedStatementResult {
            prepared_statement_handle: Some(handle.into_bytes().into()),
        })
    }

    async fn do_action_close_prepared_statement(
        &self,
        query: ActionClosePreparedStatementRequest,
        _request: Request<Action>,
    ) -> Result<(), Status> {
        let handle = handle_text(&query.prepared_statement_handle)?;
        self.prepared
            .lock()
            .map_err(|_| Status::internal("prepared statements are unavailable"))?
            .remove(&handle);
        Ok(())
    }

    async fn do_get_fallback(
        &self,
        _request: Request<Ticket>,
        message: Any,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        Err(Status::unimplemented(format!(
            "aos does not serve {} tickets",
            message.type_url
        )))
    }

    async fn register_sql_info(&self, _id: i32, _result: &SqlInfo) {}
}

/// The Flight SQL table type of a DataFusion one.
fn table_type(kind: datafusion::logical_expr::TableType) -> &'static str {
    match kind {
        datafusion::logical_expr::TableType::Base => "TABLE",
        datafusion::logical_expr::TableType::View => "VIEW",
        datafusion::logical_expr::TableType::Temporary => "SYSTEM TABLE",
    }
}

/// The parameters of a planned statement (`$1`, `$2`, ...) in order, typed where DataFusion could
/// infer it (`Null` where not: any value is then taken).
fn parameter_schema(frame: &DataFrame) -> Result<Schema, Status> {
    let types = frame
        .logical_plan()
        .get_parameter_types()
        .map_err(|e| status(&e))?;
    let mut named: Vec<(usize, String, DataType)> = Vec::with_capacity(types.len());
    for (name, data_type) in types {
        let position = name
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                Status::invalid_argument(format!(
                    "parameter {name} is not positional: write $1, $2, ..."
                ))
            })?;
        named.push((position, name, data_type.unwrap_or(DataType::Null)));
    }
    named.sort_by_key(|(position, ..)| *position);
    Ok(Schema::new(
        named
            .into_iter()
            .map(|(_, name, data_type)| Field::new(name, data_type, true))
            .collect::<Vec<_>>(),
    ))
}

fn handle_text(handle: &[u8]) -> Result<String, Status> {
    String::from_utf8(handle.to_vec())
        .map_err(|_| Status::invalid_argument("not a prepared statement handle of this server"))
}
