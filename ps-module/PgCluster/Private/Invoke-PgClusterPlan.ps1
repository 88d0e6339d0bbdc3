function Invoke-PgClusterPlan {
    <#
    .SYNOPSIS
        Carries out a cluster plan from the Node helper step by step and writes one
        PgCluster.PlanStep per operation: what it targeted, what it found, what it did. The first
        failing step stops the plan (the steps before it are reported).
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [object[]]
        $Plan,

        [Parameter()]
        [switch]
        $TestOnly,

        [Parameter()]
        [hashtable]
        $ProbeEnvironment = @{},

        [Parameter()]
        [int]
        $ProbeTimeoutSeconds = 120
    )

    for ($i = 0; $i -lt $Plan.Count; $i++) {
        $op = $Plan[$i]
        # Strict mode: read only the properties this kind has.
        $target = 'resource', 'disk', 'node', 'group', 'host' | ForEach-Object -Process { $op.PSObject.Properties[$_] } |
            Where-Object -FilterScript { $_ -and $null -ne $_.Value } | ForEach-Object -Process { $_.Value } | Select-Object -First 1
        Write-Verbose -Message "Step $($i + 1) of $($Plan.Count): $($op.kind) $target"
        $result = Invoke-PgClusterOperation -Operation $op -TestOnly:$TestOnly -ProbeEnvironment $ProbeEnvironment -ProbeTimeoutSeconds $ProbeTimeoutSeconds
        [pscustomobject]@{
            PSTypeName = 'PgCluster.PlanStep'
            Step       = $i + 1
            Kind       = $op.kind
            Target     = $target
            Action     = $op.kind -replace '^wsfc\.', ''
            Before     = $null
            Outcome    = $result.Outcome
            Detail     = $result.Detail
        }
    }
}
