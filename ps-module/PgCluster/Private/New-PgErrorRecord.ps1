function New-PgErrorRecord {
    <#
    .SYNOPSIS
        Builds the ErrorRecord every PgCluster cmdlet throws: a stable id, a category, the target,
        and a message that says what failed, where, and what to do.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Message,

        [Parameter(Mandatory = $true)]
        [string]
        $ErrorId,

        [Parameter()]
        [System.Management.Automation.ErrorCategory]
        $Category = [System.Management.Automation.ErrorCategory]::InvalidOperation,

        [Parameter()]
        [object]
        $TargetObject,

        [Parameter()]
        [string]
        $Hint
    )

    $text = $Message
    if ($Hint) {
        $text = "$Message`nHINT: $Hint"
    }
    $exception = [System.InvalidOperationException]::new($text)
    $record = [System.Management.Automation.ErrorRecord]::new($exception, "PgCluster.$ErrorId", $Category, $TargetObject)
    if ($Hint) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($text)
        $record.ErrorDetails.RecommendedAction = $Hint
    }
    return $record
}
