export { connectDb, disconnectDb, getDb, getPool, type Db } from "./client";
