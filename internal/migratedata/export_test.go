package migratedata

// SmallBatches makes every COPY batch end after n bytes of text and blobs,
// until the returned function puts the usual size back.
func SmallBatches(n int) (restore func()) {
	old := batchBytes
	batchBytes = n
	return func() { batchBytes = old }
}
